"""Telling a client's endpoints and people of an event: ``notify`` writes the deliveries with
the event's own transaction and sends them once it commits; ``deliver`` makes one attempt and
schedules the next with back-off; an endpoint failing for ``WEBHOOKS_DISABLE_AFTER`` is
disabled and the client's admins are told."""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from datetime import timedelta

import httpx
import orjson
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from notifications import addresses
from notifications.models import (
    Attempt,
    Delivery,
    DeliveryStatus,
    EmailOptIn,
    Endpoint,
    EventKind,
    Mail,
    MailStatus,
)
from notifications.signing import signature

logger = logging.getLogger(__name__)

# Seconds to wait after each failed attempt; after the last, the delivery is given up (about
# three and a half days in all, past the point where a failing endpoint is disabled).
BACKOFF = (60, 300, 1800, 7200, 21600, 43200, 86400, 86400, 86400)
# A claimed delivery is not claimed again for this long (a worker that died mid-attempt).
LEASE = timedelta(minutes=5)
RESPONSE_KEPT = 1000  # characters of a response body kept in the log
CUT_OFF = gettext_lazy("The attempt was cut off: the worker making it stopped.")
NO_ANSWER = gettext_lazy(
    "No HTTPS answer came back in time (the connection failed, was cut or timed out)."
)


@transaction.atomic
def endpoint_create(*, user, url: str, events: list[str]) -> Endpoint:
    addresses.validate_url(url)
    return Endpoint.objects.create(
        client_id=user.client_id, url=url, events=sorted(set(events)), created_by=user
    )


@transaction.atomic
def endpoint_update(*, endpoint: Endpoint, **changes) -> Endpoint:
    """Change the address or the events, or switch it on or off; switched on again, its
    failures are forgotten."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if "url" in changes:
        endpoint.url = addresses.validate_url(changes["url"])
    if "events" in changes:
        endpoint.events = sorted(set(changes["events"]))
    if "active" in changes and changes["active"] != endpoint.active:
        endpoint.active = changes["active"]
        endpoint.failing_since = None
        endpoint.disabled_at = None if endpoint.active else timezone.now()
        endpoint.disabled_reason = "" if endpoint.active else _("Switched off by an admin.")
    endpoint.save()
    return endpoint


def email_events(user) -> list[str]:
    opt_in = EmailOptIn.objects.filter(user=user).first()
    return opt_in.events if opt_in else []


def email_events_set(user, events: list[str]) -> list[str]:
    EmailOptIn.objects.update_or_create(user=user, defaults={"events": sorted(set(events))})
    return sorted(set(events))


def notify(
    event: str,
    *,
    client_id: int,
    data: dict,
    region_id: int | None = None,
    only_user=None,
) -> None:
    """Tell the client's endpoints that take ``event``, and the client's people who opted in
    and may see what it is about (its region's managers and the client's admins; ``only_user``:
    that one person, as for their own report). Thin: ids and addresses, no names."""
    now = timezone.now()
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(client_id=client_id, active=True)
        if event in endpoint.events
    ]
    ids = [uuid.uuid4() for _endpoint in endpoints]
    Delivery.objects.bulk_create(
        Delivery(
            id=pk,
            endpoint=endpoint,
            event=event,
            next_attempt_at=now,
            payload={
                "id": str(pk),
                "event": event,
                "created_at": now.isoformat(),
                "client": client_id,
                "data": data,
            },
        )
        for pk, endpoint in zip(ids, endpoints, strict=True)
    )
    mails = queue_mails(_mails(event, client_id, data, region_id, only_user))
    if ids or mails:
        transaction.on_commit(lambda: _dispatch(ids, mails))


def _mails(event, client_id, data, region_id, only_user) -> list[tuple]:
    from organizations.models import Client

    opt_ins = (
        EmailOptIn.objects.filter(user__client_id=client_id, user__is_active=True)
        .select_related("user")
        .prefetch_related("user__regions")
    )
    if only_user is not None:
        opt_ins = opt_ins.filter(user=only_user)
    people = []
    for opt_in in opt_ins:
        user = opt_in.user
        if event not in opt_in.events or not user.email:
            continue
        if (
            user.role == Role.REGIONAL_MANAGER
            and region_id is not None
            and region_id not in {region.pk for region in user.regions.all()}
        ):
            continue
        people.append(user.email)
    if not people:
        return []
    language = Client.objects.filter(pk=client_id).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = f"codex-audit: {EventKind(event).label}"
        link = _link(data)
        body = "\n\n".join(
            part
            for part in (
                str(EventKind(event).label) + ".",
                _("See it at %(link)s") % {"link": link} if link else "",
                _(
                    "You get this e-mail because you chose to. Change it in the portal's "
                    "notifications page."
                ),
            )
            if part
        )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in people]


def _link(data: dict) -> str:
    base = settings.PUBLIC_URL.rstrip("/")
    if "audit" in data:
        return base + reverse("portal:visit", args=[data["audit"]])
    if "job" in data:
        return base + reverse("portal:job", args=[data["job"]])
    return ""


def _dispatch(ids: list, mails: list[tuple]) -> None:
    """After the event's commit, with a job queue: the deliveries and e-mails go to it. Without
    one they wait for ``manage.py worker``. Either way the request that made the event never
    waits on an endpoint or a mail server."""
    if not settings.CELERY_BROKER_URL:
        return
    for pk in ids:
        _enqueue(pk, 0)
    for pk in mails:
        _enqueue_mail(pk, 0)


def queue_mails(mails: list[tuple]) -> list:
    """Write e-mails (subject, body, sender, recipients) to the outbox, in the caller's
    transaction; their ids."""
    now = timezone.now()
    rows = [
        Mail(
            subject=subject[:300],
            body=body,
            sender=sender,
            recipients=list(to),
            next_attempt_at=now,
        )
        for subject, body, sender, to in mails
    ]
    Mail.objects.bulk_create(rows)
    return [row.pk for row in rows]


def due_deliveries(limit: int = 100) -> list:
    return list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:limit]
    )


def due_mails(limit: int = 100) -> list:
    return list(
        Mail.objects.filter(
            status=MailStatus.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:limit]
    )


def deliver_due() -> int:
    """Attempt every delivery whose time has come; how many were attempted."""
    return sum(1 for pk in due_deliveries(500) if deliver(pk))


def send_mail(mail_id) -> bool:
    """One attempt at an e-mail of the outbox, if it is due and nobody else is at it; whether
    it was made. A failure is tried again with the webhooks' back-off, and given up after as
    many attempts."""
    now = timezone.now()
    claimed = Mail.objects.filter(
        pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return False
    mail = Mail.objects.get(pk=mail_id)
    try:
        EmailMessage(mail.subject, mail.body, mail.sender, mail.recipients).send()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("E-mail %s could not be sent: %r", mail.pk, error)
        if mail.attempts > len(BACKOFF):
            mail.status = MailStatus.FAILED
        else:
            mail.next_attempt_at = timezone.now() + timedelta(seconds=BACKOFF[mail.attempts - 1])
        mail.error = f"{type(error).__name__}: {error}"[:300]
        mail.save(update_fields=["status", "next_attempt_at", "error"])
        if mail.status == MailStatus.PENDING and settings.CELERY_BROKER_URL:
            _enqueue_mail(mail.pk, BACKOFF[mail.attempts - 1])
        return True
    Mail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, sent_at=timezone.now())
    return True


def deliver(delivery_id) -> bool:
    """One attempt at a delivery, if it is due and nobody else is at it; whether it was made.
    What the log says of it is in the client's language (its admins read it in the portal).

    The claim moves the delivery a lease ahead and writes its attempt to the log at once, as
    cut off: a worker that stops mid-attempt leaves that in the log, and the delivery is tried
    again when the lease runs out."""
    language = (
        Delivery.objects.filter(pk=delivery_id)
        .values_list("endpoint__client__language", flat=True)
        .first()
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        return _attempt(delivery_id)


def _attempt(delivery_id) -> bool:
    now = timezone.now()
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__active=True,
        ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
        if not claimed:
            return False
        attempt = Attempt.objects.create(delivery_id=delivery_id, error=str(CUT_OFF))
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    status_code, response, error, took = _post(delivery)
    succeeded = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        Attempt.objects.filter(pk=attempt.pk).update(
            status_code=status_code, response=response, error=error, duration_ms=took
        )
        endpoint = Endpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        if succeeded:
            delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, timezone.now()
            endpoint.failing_since = None
        else:
            _failed(delivery, endpoint)
            if delivery.status == DeliveryStatus.PENDING:
                # The endpoint's other deliveries wait as long: a dead endpoint is tried once
                # per back-off, not once per event that happened meanwhile.
                Delivery.objects.filter(
                    endpoint_id=endpoint.pk,
                    status=DeliveryStatus.PENDING,
                    next_attempt_at__lt=delivery.next_attempt_at,
                ).exclude(pk=delivery.pk).update(next_attempt_at=delivery.next_attempt_at)
        delivery.save(update_fields=["status", "next_attempt_at", "delivered_at"])
        endpoint.save(update_fields=["failing_since", "active", "disabled_at", "disabled_reason"])
    if not succeeded and delivery.status == DeliveryStatus.PENDING:
        _retry_later(delivery)
    return True


def _failed(delivery: Delivery, endpoint: Endpoint) -> None:
    now = timezone.now()
    if delivery.attempts > len(BACKOFF):
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + timedelta(seconds=BACKOFF[delivery.attempts - 1])
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    elif now - endpoint.failing_since >= settings.WEBHOOKS_DISABLE_AFTER and endpoint.active:
        _disable(endpoint, now)
        delivery.status = DeliveryStatus.FAILED


def _disable(endpoint: Endpoint, now) -> None:
    """Switch off an endpoint that has failed for days, give up its waiting deliveries, and
    tell the client's admins."""
    from accounts.models import User
    from organizations.models import Client

    endpoint.active = False
    endpoint.disabled_at = now
    days = settings.WEBHOOKS_DISABLE_AFTER.days
    language = Client.objects.filter(pk=endpoint.client_id).values_list("language", flat=True)
    with translation.override(language.first() or settings.LANGUAGE_CODE):
        endpoint.disabled_reason = translation.ngettext(
            "Every delivery failed for %(days)d day.",
            "Every delivery failed for %(days)d days.",
            days,
        ) % {"days": days}
        subject = _("codex-audit: a webhook endpoint was switched off")
        body = _(
            "%(url)s has not accepted a delivery since %(since)s, so it was switched off. "
            "Switch it on again in the portal once it works."
        ) % {"url": endpoint.url, "since": endpoint.failing_since.date().isoformat()}
    Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED
    )
    admins = list(
        User.objects.filter(client_id=endpoint.client_id, role=Role.CLIENT_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if admins:
        ids = queue_mails([(subject, body, settings.DEFAULT_FROM_EMAIL, admins)])
        transaction.on_commit(lambda: _dispatch([], ids))


def _retry_later(delivery: Delivery) -> None:
    """With a job queue, the next attempt is a task due after the back-off (without one, it is
    made by the next ``deliver_due``)."""
    if settings.CELERY_BROKER_URL:
        _enqueue(delivery.pk, max(0, (delivery.next_attempt_at - timezone.now()).total_seconds()))


def _enqueue(pk, countdown: float) -> None:
    from config.celery import app  # noqa: F401 - makes the configured app current
    from notifications.tasks import deliver_task

    deliver_task.apply_async((str(pk),), countdown=countdown)


def _enqueue_mail(pk, countdown: float) -> None:
    from config.celery import app  # noqa: F401 - makes the configured app current
    from notifications.tasks import send_mail_task

    send_mail_task.apply_async((str(pk),), countdown=countdown)


def _post(delivery: Delivery) -> tuple[int | None, str, str, int]:
    """POST the signed payload to the address that was checked; the status, the start of the
    body, or why nothing came back, and the time taken in milliseconds. A redirect is a failure
    (it is not followed). Why a connection failed is said in one sentence for every kind of
    failure, so the log cannot be used to tell one port of a host from another."""
    endpoint = delivery.endpoint
    body = orjson.dumps(delivery.payload)
    timestamp = int(time.time())
    started = time.monotonic()
    try:
        target, host, server_name = addresses.pinned(endpoint.url, addresses.resolve(endpoint.url))
        with httpx.Client(timeout=settings.WEBHOOKS_TIMEOUT, follow_redirects=False) as client:
            response = client.post(
                target,
                content=body,
                headers={
                    "Host": host,
                    "Content-Type": "application/json",
                    "User-Agent": "codex-audit-webhooks/1",
                    "X-Codex-Event": delivery.event,
                    "X-Codex-Delivery": str(delivery.id),
                    "X-Codex-Timestamp": str(timestamp),
                    "X-Codex-Signature": signature(endpoint.secret, timestamp, body),
                },
                extensions={"sni_hostname": server_name},
            )
    except addresses.Refused as error:
        return None, "", str(error)[:300], 0
    except httpx.HTTPError as error:
        took = int((time.monotonic() - started) * 1000)
        logger.info("Webhook delivery %s failed: %r", delivery.pk, error)
        return None, "", str(NO_ANSWER), took
    took = int((time.monotonic() - started) * 1000)
    return response.status_code, response.text[:RESPONSE_KEPT], "", took
