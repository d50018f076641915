"""Stored scores: written when an audit is approved, so aggregations read compact rows with every
dimension they group by already on them (never the answers)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy

from organizations.models import ResultsQuerySet


class AuditScoreQuerySet(ResultsQuerySet):
    """Scores of approved audits: the agency sees all, a client admin their client's, a
    regional manager their regions'. Auditors read no scores."""


class AuditScore(models.Model):
    """An approved audit's score against its codex, with the visit's dimensions."""

    audit = models.OneToOneField(
        "audits.Audit", on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    client = models.ForeignKey("organizations.Client", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "organizations.Location", on_delete=models.CASCADE, related_name="scores"
    )
    situation = models.SlugField(max_length=64)
    channel = models.CharField(max_length=16)
    persona = models.SlugField(max_length=64, blank=True)
    visited_at = models.DateTimeField()
    visited_on = models.DateField(
        help_text=gettext_lazy(
            "The visit's date in the location's own time zone: what periods count by."
        )
    )
    total = models.FloatField(
        null=True, help_text=gettext_lazy("0 to 1; 0 after a critical miss if so set.")
    )
    raw_total = models.FloatField(
        null=True, help_text=gettext_lazy("0 to 1, whatever the critical items.")
    )
    failed = models.BooleanField(default=False)
    loyalty = models.CharField(max_length=16, blank=True)
    # The visit's outcome for the customer (seed 001), where the checklist asks about it.
    purchase = models.CharField(
        max_length=32,
        blank=True,
        default="",
        db_default="",
        help_text=gettext_lazy(
            "Would the auditor have bought: would_buy, would_buy_but_complain, "
            "would_not_buy_service (a sale lost to the service), would_not_buy_other."
        ),
    )
    mood_change = models.FloatField(
        null=True,
        help_text=gettext_lazy(
            "The auditor's mood at departure less that at arrival, each 0 to 1: above 0, the "
            "customer left more satisfied than they came."
        ),
    )
    # A two-stage visit, on its first visit's score: did staff get back to the customer
    # (``audits.Assignment.first_visit``), how many hours after it, and as they promised.
    followed_up = models.BooleanField(
        null=True,
        help_text=gettext_lazy(
            "After this visit staff were to get back to the customer: true when they did (the "
            "follow-up contact is approved), false when no contact came; null otherwise."
        ),
    )
    follow_up_hours = models.FloatField(
        null=True,
        help_text=gettext_lazy("Hours from the end of this visit to staff's contact."),
    )
    follow_up_promise_kept = models.BooleanField(
        null=True,
        help_text=gettext_lazy(
            "Staff got back as they promised (the contact's answer); false when no contact came."
        ),
    )
    promise_kept = models.BooleanField(
        null=True,
        help_text=gettext_lazy(
            "Did staff get back to the customer as they promised (the item with that figure); "
            "null where no checklist item asks or nothing was promised."
        ),
    )
    competitor = models.BooleanField(
        default=False,
        db_default=False,
        help_text=gettext_lazy(
            "The visit was to a competitor's store (the location's, kept here by a trigger): "
            "it counts only in the gap to the competitors."
        ),
    )
    rules_version = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    objects = AuditScoreQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["location", "visited_on"]),
            models.Index(fields=["region", "visited_on"]),
            models.Index(fields=["client", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}: {self.total}"


class PhaseScore(models.Model):
    """One phase's score in one approved audit."""

    audit_score = models.ForeignKey(AuditScore, on_delete=models.CASCADE, related_name="phases")
    phase = models.SlugField(max_length=64)
    position = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True)
    expectation = models.SmallIntegerField(
        null=True,
        help_text=(
            "How the phase compared with what the auditor expected (seed 004): -1 fell short, "
            "0 met, 1 exceeded; empty where the checklist does not ask."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_score", "phase"], name="phase_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.score}"


class StepScore(models.Model):
    """One step's score in one approved audit: the steps of the audit's situation, in the
    codex's order. Audits of checklists whose items check no step have none."""

    audit_score = models.ForeignKey(AuditScore, on_delete=models.CASCADE, related_name="steps")
    step = models.SlugField(max_length=64)
    phase = models.SlugField(max_length=64)
    position = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_score", "step"], name="step_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.score}"


class NormResult(models.Model):
    """Whether one norm was met in one approved audit (null: not applicable there)."""

    audit_score = models.ForeignKey(AuditScore, on_delete=models.CASCADE, related_name="norms")
    norm = models.SlugField(max_length=64)
    met = models.BooleanField(null=True)
    target_rate = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_score", "norm"], name="norm_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.norm}: {self.met}"


class ScoresStamp(models.Model):
    """Changes whenever anything a client's comparison figures are made of changes: a stored
    score, a location or region, a reader's role or regions. Cached figures are keyed by it
    (``scoring.cache``), so a change is never answered from the cache. A fresh random value, not
    a counter, so a restored or reset database cannot meet old cache entries again."""

    client = models.OneToOneField(
        "organizations.Client", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    value = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.client_id}: {self.value}"
