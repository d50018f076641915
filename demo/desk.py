"""The agency's desk in the demo: auditor profiles, a wave planned and created for next month,
and a client's open appeal for a reviewer to decide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from accounts.constants import Role
from accounts.models import AuditorProfile, User
from audits import services as audit_services
from audits.constants import AuditStatus
from audits.models import Audit
from checklists.models import Item
from organizations.models import Client
from waves import services as wave_services
from waves.models import Wave

EVERY_PERSONA = [
    "novice_pensioner",
    "young_novice",
    "young_novice_man",
    "expert_engineer",
    "expert_engineer_foreign",
    "upset_caller",
]
# Two more auditors in each region, who live there: (username, languages, home).
SHOPPERS = [
    ("shopper-helsinki-1", ["fi", "en"], (60.17, 24.94)),
    ("shopper-helsinki-2", ["fi"], (60.21, 24.66)),
    ("shopper-budapest-1", ["hu", "en", "fi"], (47.50, 19.04)),
    ("shopper-budapest-2", ["hu", "fi"], (47.53, 21.62)),
]
WAVE_KEY = uuid.UUID("6d0c1f0e-2f59-4f3e-9a4e-7c1b6a0d2b13")


def demo_desk_install(
    *, client: Client, users: dict[str, User], progress: Callable[[str], None]
) -> None:
    """Skipped when the client has a wave already."""
    if Wave.objects.filter(client=client).exists():
        return
    AuditorProfile.objects.get_or_create(
        user=users["auditor"],
        defaults={"languages": ["fi", "hu", "en"], "personas": EVERY_PERSONA},
    )
    for username, languages, (lat, lon) in SHOPPERS:
        shopper, made = User.objects.get_or_create(
            username=username, defaults={"role": Role.AUDITOR}
        )
        if made:
            shopper.set_unusable_password()
            shopper.save()
        shopper.works_for.add(client)
        AuditorProfile.objects.get_or_create(
            user=shopper,
            defaults={
                "languages": languages,
                "personas": EVERY_PERSONA,
                "home_latitude": lat,
                "home_longitude": lon,
                "travel_km": 300,
            },
        )
    progress(f"{len(SHOPPERS) + 1} auditor profiles")
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    wave, _ = wave_services.wave_create(
        user=users["admin"],
        key=WAVE_KEY,
        spec={
            "client": client.pk,
            "name": f"Demo wave {first:%Y-%m}",
            "period_start": first,
            "period_end": last,
            "visits_per_location": 4,
        },
    )
    progress(
        f"a wave for {first:%B %Y}: {wave.coverage['placed']} of {wave.coverage['visits']} "
        "visits given to auditors"
    )
    _open_appeal(client, users["clientadmin"])
    progress("an open appeal from the client admin")


def _open_appeal(client: Client, client_admin: User) -> None:
    audit = (
        # The client's own store's: it never sees its competitor's visits.
        Audit.objects.filter(
            assignment__client=client,
            assignment__location__competitor=False,
            status=AuditStatus.APPROVED,
        )
        .select_related("assignment__checklist_version")
        .order_by("-approved_at", "-id")
        .first()
    )
    if audit is None:
        return
    item = (
        Item.objects.filter(
            checklist_version=audit.assignment.checklist_version,
            type="yes_no",
            condition_item_key="",
            weight__gt=0,
        )
        .order_by("phase__position", "position")
        .first()
    )
    audit_services.appeal_open(
        audit=audit,
        user=client_admin,
        item_key=item.key,
        # In the client's language, as its admin would write it.
        reason="Tallenteemme käynnistä näyttää, että tämä tehtiin.",
    )
