"""Audit waves: a client's period of visits, planned as one design (locations, situations,
channels, personas, matched pairs, weekdays and times of day) and handed to auditors at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Wave(models.Model):
    """One period's visits for a client, created from a plan in one transaction. ``key`` is the
    id the agency's client generated: sending the same plan again returns this wave."""

    key = models.UUIDField(unique=True)
    client = models.ForeignKey(
        "organizations.Client", on_delete=models.PROTECT, related_name="waves"
    )
    name = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    spec = models.JSONField(help_text=gettext_lazy("The plan's request, as validated."))
    payload_hash = models.CharField(max_length=64)
    coverage = models.JSONField(
        default=dict, help_text=gettext_lazy("What the created assignments cover, at creation.")
    )
    unplaced = models.JSONField(
        default=list,
        help_text=gettext_lazy("The visits nobody could take, each with the rule that said no."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="wave_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.name}"
