"""Notifications of what happens to a client's audits: webhooks to the HTTPS endpoints a
client admin registers (signed, retried, logged, disabled when they fail for days) and e-mail
to the client's people who opt in.

A delivery is written in the same transaction as the event it tells of (an outbox), and sent
after the commit: an event that happened is told, and one rolled back is not."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class EventKind(models.TextChoices):
    AUDIT_APPROVED = "audit.approved", gettext_lazy("An audit was approved")
    APPEAL_DECIDED = "appeal.decided", gettext_lazy("An appeal was decided")
    REPORT_READY = "report.ready", gettext_lazy("A report is ready")
    CRITICAL_MISS = "location.critical_miss", gettext_lazy("A critical norm was missed")


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class EndpointQuerySet(models.QuerySet):
    def visible_to(self, user) -> EndpointQuerySet:
        """A client's endpoints are its client admins' to see and change; nobody else's."""
        from accounts.constants import Role

        if not (user and user.is_authenticated and user.role == Role.CLIENT_ADMIN):
            return self.none()
        return self.filter(client_id=user.client_id)


class Endpoint(models.Model):
    """An HTTPS address of the client's that is told of the events it chose."""

    client = models.ForeignKey(
        "organizations.Client", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    # Signs every payload (HMAC-SHA256); shown once, when the endpoint is made.
    secret = models.CharField(max_length=80, default=new_secret)
    active = models.BooleanField(default=True)
    # Since when every attempt has failed (none when the last one succeeded).
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Pending")
    SUCCEEDED = "succeeded", gettext_lazy("Delivered")
    FAILED = "failed", gettext_lazy("Given up")


class Delivery(models.Model):
    """One event for one endpoint: its payload, and where its attempts stand."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32, choices=EventKind.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.status})"

    @property
    def last_try(self) -> Attempt | None:
        """The latest attempt (from the prefetched ones, in order)."""
        tries = list(self.tries.all())
        return tries[-1] if tries else None


class Attempt(models.Model):
    """One try at a delivery: when, and what came back (the status, the start of the body) or
    why nothing did."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}: {self.status_code or self.error}"


class EmailOptIn(models.Model):
    """The events a client's person is told of by e-mail (none unless they opt in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_in"
    )
    events = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.user_id}: {', '.join(self.events)}"


class MailStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting to be sent")
    SENT = "sent", gettext_lazy("Sent")
    FAILED = "failed", gettext_lazy("Given up")


class Mail(models.Model):
    """An e-mail of a notification, written with the event (an outbox) and sent by a worker:
    a mail server that is down or slow holds no request, and the mail is tried again later."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sender = models.CharField(max_length=300)
    recipients = models.JSONField()
    status = models.CharField(max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When it may be tried next; a claim moves it a lease ahead, so a worker that stopped
    # mid-send leaves it to be tried again then.
    next_attempt_at = models.DateTimeField()
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.status})"
