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


class Purchase(models.TextChoices):
    BUY = "buy", gettext_lazy("Buy")
    DO_NOT_BUY = "do_not_buy", gettext_lazy("Do not buy")
    MAY_BUY = "may_buy", gettext_lazy("Buy if the service convinces you")


class Brief(models.Model):
    """The scenario an auditor plays in one situation of a wave: the story, what to ask,
    whether to buy and how much to spend, the complaint to make and whether it is justified,
    how an outbound contact is brought about, the persona's lines, and how to stay
    unrecognised. Delivered with each of the wave's assignments in that situation, in the
    auditor's language."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="briefs")
    situation_key = models.SlugField(max_length=64)
    story = models.TextField(help_text=gettext_lazy("Who you are and why you are there."))
    questions = models.TextField(blank=True, help_text=gettext_lazy("What to ask."))
    purchase = models.CharField(
        max_length=16, choices=Purchase.choices, default=Purchase.DO_NOT_BUY
    )
    spending_limit = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    complaint = models.TextField(blank=True, help_text=gettext_lazy("The complaint to make."))
    complaint_justified = models.BooleanField(null=True, blank=True)
    outbound_trigger = models.TextField(
        blank=True,
        help_text=gettext_lazy("How to bring about the staff's contact (outbound situations)."),
    )
    lines = models.TextField(blank=True, help_text=gettext_lazy("The persona's lines."))
    cover = models.TextField(blank=True, help_text=gettext_lazy("How to stay unrecognised."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wave", "situation_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "situation_key"], name="brief_unique_situation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} / {self.situation_key}"
