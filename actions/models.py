"""Action plans: what a location's people will change about a norm the audits find missed,
who owns it and by when; the audits after it show whether the norm is met since."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from organizations.models import ResultsQuerySet


class ActionStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    DONE = "done", gettext_lazy("Done")
    DROPPED = "dropped", gettext_lazy("Dropped")


class ActionQuerySet(ResultsQuerySet):
    region_lookup = "location__region"


class Action(models.Model):
    """One action on a missed norm at a location, opened by a manager or client admin."""

    client = models.ForeignKey(
        "organizations.Client", on_delete=models.CASCADE, related_name="actions"
    )
    location = models.ForeignKey(
        "organizations.Location", on_delete=models.CASCADE, related_name="actions"
    )
    norm = models.SlugField(max_length=64, help_text=gettext_lazy("The norm's key."))
    what = models.TextField(help_text=gettext_lazy("What will change."))
    owner = models.CharField(max_length=200, help_text=gettext_lazy("Who sees it done."))
    due_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.location}: {self.norm} by {self.due_on}"
