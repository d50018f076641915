"""Checklist templates built from the codex, per situation and channel, and their versions.

A ``ChecklistVersion`` is what an auditor's phone downloads and what an audit is pinned to. Its
sections are the codex phases in order; its items measure the codex norms. Publishing validates
and freezes it (``checklists.services.checklist_version_publish``).
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from checklists.constants import ConditionOperator, ItemFigure, ItemType
from codex.constants import VersionStatus
from codex.models import FrozenWhenPublished


class ChecklistQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChecklistQuerySet:
        """The one gate for who may see which checklists (see ``api.access``)."""
        from api.access import client_ids_visible_to

        client_ids = client_ids_visible_to(user)
        if client_ids is None:
            return self
        return self.filter(client_id__in=client_ids)


class Checklist(models.Model):
    """A checklist template of a client for one encounter situation in one channel."""

    client = models.ForeignKey(
        "organizations.Client", on_delete=models.CASCADE, related_name="checklists"
    )
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    situation_key = models.SlugField(max_length=64)
    channel = models.SlugField(
        max_length=32,
        help_text=gettext_lazy("The channel's key in the codex (in person, phone, e-mail, chat…)."),
    )
    current_version = models.ForeignKey(
        "ChecklistVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=gettext_lazy("The newest published version: what phones download."),
    )

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["client__name", "key"]
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="checklist_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistVersionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChecklistVersionQuerySet:
        """Versions of visible checklists; drafts only for agency staff, who preview them."""
        from api.access import client_ids_visible_to

        client_ids = client_ids_visible_to(user)
        queryset = self if client_ids is None else self.filter(checklist__client_id__in=client_ids)
        if not getattr(user, "is_agency", False):
            queryset = queryset.filter(status=VersionStatus.PUBLISHED)
        return queryset


class ChecklistVersion(models.Model):
    """One version of a checklist, pinned to a codex version; immutable once published."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    codex_version = models.ForeignKey(
        "codex.CodexVersion", on_delete=models.PROTECT, related_name="checklist_versions"
    )
    situation = models.ForeignKey(
        "codex.Situation", on_delete=models.PROTECT, related_name="checklist_versions"
    )
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChecklistVersionQuerySet.as_manager()

    class Meta:
        ordering = ["checklist", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="checklist_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist} v{self.number} ({self.get_status_display().lower()})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Item(FrozenWhenPublished):
    """A question the auditor answers: a detail of a codex step, measuring one of its norms.

    Keys are unique within a version; publishing checks it, so a draft may pass through a
    duplicate while the agency edits it.
    """

    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items"
    )
    phase = models.ForeignKey("codex.Phase", on_delete=models.PROTECT, related_name="items")
    norm = models.ForeignKey(
        "codex.Norm", on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    step = models.ForeignKey(
        "codex.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text=gettext_lazy("The step of the situation's process this item is a detail of."),
    )
    figure = models.CharField(
        max_length=32,
        choices=ItemFigure.choices,
        blank=True,
        help_text=gettext_lazy("A visit outcome this item's answer gives, beside its score."),
    )
    key = models.SlugField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=16, choices=ItemType.choices)
    text = models.CharField(max_length=500)
    help_text = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=6, decimal_places=3, default=1, validators=[MinValueValidator(0)]
    )
    critical = models.BooleanField(
        default=False, help_text=gettext_lazy("A miss fails the whole audit.")
    )
    allow_na = models.BooleanField(default=False)
    required = models.BooleanField(default=True)
    min_photos = models.PositiveSmallIntegerField(default=0)
    min_value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=gettext_lazy("Scale or number bound."),
    )
    max_value = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=gettext_lazy("Scale or number bound."),
    )
    business_hours = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "A duration answered as two times (sent and replied) counts the client's business "
            "hours only, in the location's time zone (for written replies)."
        ),
    )
    measures_loyalty = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "The closing question whose choices are the rungs of the loyalty ladder."
        ),
    )
    condition_item_key = models.SlugField(
        max_length=64,
        blank=True,
        help_text=gettext_lazy("Show only when this earlier item's answer matches."),
    )
    condition_operator = models.CharField(
        max_length=16, choices=ConditionOperator.choices, blank=True
    )
    condition_value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.key

    def owning_version(self) -> ChecklistVersion | None:
        return self.checklist_version if self.checklist_version_id else None


class ItemChoice(FrozenWhenPublished):
    """One option of a single- or multiple-choice item, with the points it scores."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)
    points = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="item_choice_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key

    def owning_version(self) -> ChecklistVersion | None:
        return self.item.checklist_version if self.item_id else None
