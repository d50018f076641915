"""The client's sales and customer-handling codex (seed 004), held as versioned data.

A ``CodexVersion`` owns everything below it: phases, encounter situations with their steps,
checkpoints, norms and personas. A published version is immutable; editing starts a new draft
(``codex.services.codex_version_create_draft``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.errors import ConflictError
from codex.constants import (
    PERSONA_ATTRIBUTES,
    AgeBand,
    Channel,
    Direction,
    DurationUnit,
    Expertise,
    Gender,
    NormBasis,
    NormMeasure,
    Temper,
    VersionStatus,
)


def validate_channels(value) -> None:
    """A list of channel keys (the version's channels are checked when a codex is imported)."""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.replace("_", "").replace("-", "").isalnum() for item in value
    ):
        raise ValidationError(
            _("Give a list of channel keys, such as: %(channels)s."),
            code="invalid_channel",
            params={"channels": ", ".join(Channel.values)},
        )


class PublishedVersionImmutable(ConflictError):
    code = "published_version_immutable"


class FrozenWhenPublished(models.Model):
    """Refuses to save or delete a row whose owning version is published.

    This guards an invariant rather than a business rule: published versions are what audits are
    pinned to, so no code path (admin, shell, a future API) may change them in place.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def owning_version(self):  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _refuse_if_published(self) -> None:
        version = self.owning_version()
        # Ask the database: an in-memory parent may predate its own publication.
        if (
            version is not None
            and type(version).objects.filter(pk=version.pk, status=VersionStatus.PUBLISHED).exists()
        ):
            raise PublishedVersionImmutable(
                f"{version} is published and cannot be changed; create a new draft to edit it.",
                attr=None,
            )


class CodexVersion(models.Model):
    """One version of a client's codex: draft while edited, immutable once published."""

    client = models.ForeignKey(
        "organizations.Client", on_delete=models.CASCADE, related_name="codex_versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True)
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=gettext_lazy("The published content's hash: what a sign-off of it names."),
    )
    critical_miss_zeroes_total = models.BooleanField(
        default=True,
        help_text=gettext_lazy(
            "When a critical (knock-out) item is missed, the audit's total becomes 0. "
            "The score before that is kept and reported either way."
        ),
    )

    class Meta:
        ordering = ["client__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "number"], name="codex_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} codex v{self.number} ({self.get_status_display().lower()})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class CodexContent(FrozenWhenPublished):
    """A row that belongs directly to a codex version."""

    codex_version = models.ForeignKey(CodexVersion, on_delete=models.CASCADE)
    key = models.SlugField(max_length=64)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return getattr(self, "name", "") or self.key

    def owning_version(self) -> CodexVersion | None:
        return self.codex_version if self.codex_version_id else None


class Phase(CodexContent):
    """A phase of the service encounter (seed 000): a checklist section, in this order."""

    name = models.CharField(max_length=200)
    goal = models.TextField(blank=True)
    effect = models.TextField(
        blank=True, help_text=gettext_lazy("The effect the phase should have on the customer.")
    )
    weight = models.DecimalField(
        max_digits=6, decimal_places=3, default=1, validators=[MinValueValidator(0)]
    )

    class Meta(CodexContent.Meta):
        default_related_name = "phases"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="phase_unique_key"),
        ]


class Situation(CodexContent):
    """An encounter situation (seed 004): product inquiry, problem, complaint, and so on."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    direction = models.CharField(
        max_length=16, choices=Direction.choices, default=Direction.INBOUND
    )

    class Meta(CodexContent.Meta):
        default_related_name = "situations"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="situation_unique_key"),
        ]


class Step(FrozenWhenPublished):
    """One step of a situation's process (seed 004, step 2), within a phase, with its own goal
    and the effect it should have on the customer. Checklist items are its details: each item
    checks one step (``Item.step``), and a checkpoint applies to the situations that have its
    step (``Checkpoint.step_key``)."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="steps")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="steps")
    key = models.SlugField(max_length=64)
    name = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    goal = models.TextField()
    effect = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["situation", "key"], name="step_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.situation} / {self.name or self.key}"

    def owning_version(self) -> CodexVersion | None:
        return self.situation.codex_version if self.situation_id else None


class Checkpoint(CodexContent):
    """A detail within a phase that can change the customer's final opinion (seed 004, step 3).

    It applies to the listed situations (all when none are listed) and channels (all when empty).
    """

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="checkpoints")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    situations = models.ManyToManyField(Situation, blank=True, related_name="checkpoints")
    channels = models.JSONField(default=list, blank=True, validators=[validate_channels])
    step_key = models.SlugField(
        max_length=64,
        blank=True,
        help_text=gettext_lazy(
            "The step this checkpoint is a detail of: it applies to the situations that have "
            "a step with this key, and its items check that step."
        ),
    )

    class Meta(CodexContent.Meta):
        default_related_name = "checkpoints"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="checkpoint_unique_key"),
        ]

    def applies_to_channel(self, channel: str) -> bool:
        return not self.channels or channel in self.channels


class Norm(CodexContent):
    """A rule of behaviour with a measurable target (seed 004, step 4).

    ``max_duration`` norms are met when the measured time is at most ``threshold_seconds``;
    between that and ``partial_credit_until_seconds`` (when set) credit falls linearly to zero.
    ``observed`` norms are met when the behaviour is seen. ``target_rate`` is the share of audits
    in which the client wants the norm met.
    """

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="norms")
    rule = models.TextField()
    measure = models.CharField(max_length=16, choices=NormMeasure.choices)
    threshold_seconds = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    display_unit = models.CharField(
        max_length=8, choices=DurationUnit.choices, default=DurationUnit.SECONDS
    )
    partial_credit_until_seconds = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    target_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=gettext_lazy("Share of audits (0 to 1) in which the norm should be met."),
    )
    basis = models.CharField(
        max_length=16,
        choices=NormBasis.choices,
        default=NormBasis.CLIENT,
        help_text=gettext_lazy(
            "Where the behaviour (and its time limit) comes from: the source texts, an agency "
            "convention, or the client."
        ),
    )
    target_basis = models.CharField(
        max_length=16,
        choices=NormBasis.choices,
        default=NormBasis.CLIENT,
        help_text=gettext_lazy(
            "Where the target share of visits comes from: the source texts (an 'always' or "
            "'never'), an agency convention, or the client."
        ),
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Where in the source texts the norm is stated, if it is."),
    )

    class Meta(CodexContent.Meta):
        default_related_name = "norms"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="norm_unique_key"),
            models.CheckConstraint(
                condition=~models.Q(measure=NormMeasure.MAX_DURATION)
                | models.Q(threshold_seconds__isnull=False),
                name="norm_duration_has_threshold",
                violation_error_message="A time-limit norm needs a threshold.",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Persona(CodexContent):
    """A customer the auditor plays in a scenario (seed 000: the novice pensioner, the expert)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Attributes as data, so a matched pair (two personas differing in one attribute only)
    # measures unequal treatment and not a different need.
    age_band = models.CharField(max_length=16, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    language = models.CharField(
        max_length=8, blank=True, help_text=gettext_lazy("The language the persona speaks.")
    )
    expertise = models.CharField(max_length=16, choices=Expertise.choices, blank=True)
    temper = models.CharField(max_length=16, choices=Temper.choices, blank=True)

    class Meta(CodexContent.Meta):
        default_related_name = "personas"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="persona_unique_key"),
        ]

    def attributes(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PERSONA_ATTRIBUTES}


def differing_attributes(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """The attributes two personas differ in (a matched pair differs in exactly one)."""
    return [name for name in PERSONA_ATTRIBUTES if first.get(name) != second.get(name)]


class ItemTemplate(CodexContent):
    """A question of the codex, asked about one checkpoint: what every checklist built from the
    version asks, in each situation and channel the checkpoint applies to. ``help`` is the
    auditor's guidance: what counts as met, and how to observe it discreetly."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="items")
    norm = models.ForeignKey(
        Norm, on_delete=models.SET_NULL, null=True, blank=True, related_name="item_templates"
    )
    type = models.CharField(max_length=16)
    text = models.CharField(max_length=500)
    help = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=6, decimal_places=3, default=1, validators=[MinValueValidator(0)]
    )
    critical = models.BooleanField(default=False)
    allow_na = models.BooleanField(default=False)
    required = models.BooleanField(default=True)
    min_photos = models.PositiveSmallIntegerField(default=0)
    min_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    business_hours = models.BooleanField(default=False)
    measures_loyalty = models.BooleanField(default=False)
    figure = models.CharField(max_length=32, blank=True)
    condition_item_key = models.SlugField(max_length=64, blank=True)
    condition_operator = models.CharField(max_length=16, blank=True)
    condition_value = models.JSONField(null=True, blank=True)

    class Meta(CodexContent.Meta):
        default_related_name = "item_templates"
        constraints = [
            models.UniqueConstraint(
                fields=["codex_version", "key"], name="item_template_unique_key"
            ),
        ]


class ItemTemplateChoice(FrozenWhenPublished):
    """One option of a choice question of the codex, with the points it scores."""

    item = models.ForeignKey(ItemTemplate, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)
    points = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="item_template_choice_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key

    def owning_version(self) -> CodexVersion | None:
        return self.item.codex_version if self.item_id else None


class ServiceChannel(CodexContent):
    """A channel the codex is measured in (in person, phone, e-mail, chat; the seeds also name
    social media and letters): its name, and the phrase a checklist's name ends with."""

    name = models.CharField(max_length=100)
    label = models.CharField(
        max_length=100,
        help_text=gettext_lazy("How a checklist's name says it, e.g. 'by phone'."),
    )

    class Meta(CodexContent.Meta):
        default_related_name = "channels"
        constraints = [
            models.UniqueConstraint(fields=["codex_version", "key"], name="channel_unique_key"),
        ]


class CodexSignOff(models.Model):
    """A client admin's sign-off of a codex version's handbook: who, when, which version, in
    which language they read it, and their comment. ``content_hash`` is the version's content
    when signed: a draft changed afterwards needs signing again."""

    codex_version = models.ForeignKey(
        CodexVersion, on_delete=models.CASCADE, related_name="sign_offs"
    )
    signed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="codex_sign_offs"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8)
    comment = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.codex_version} signed off by {self.signed_by}"
