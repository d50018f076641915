"""Background report jobs: created, polled for progress, downloaded."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    REGION_PDFS = "region_pdfs", "A region's audits in a period, as a ZIP of PDFs"
    EXPORT = "export", "An export of audits or answers (CSV or XLSX)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportJobQuerySet:
        """A job is its requester's (its file was built from what they may see)."""
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)


class ReportJob(models.Model):
    """A large report built off the request path. The same request (requester, kind and
    parameters) always means the same job, so asking twice never builds twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs"
    )
    kind = models.CharField(max_length=16, choices=JobKind.choices)
    params = models.JSONField()
    params_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The lease of the worker building it: a claim writes a new token and a time it expires;
    # the worker renews it as it makes progress, and every write it makes names its token, so
    # a worker that lost the job (it stalled past the lease and another took over) writes
    # nothing. A job whose lease expired is taken over; after ``JOB_ATTEMPTS`` claims it fails.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "kind", "params_hash", "language"],
                name="report_job_unique_request",
            )
        ]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"

    @property
    def progress(self) -> float:
        if self.status == JobStatus.SUCCEEDED:
            return 1.0
        return self.done / self.total if self.total else 0.0
