"""Demo data for the embedded quickstart: one client with two regions, four locations, the
default codex, one user per role, six months of audits (``demo.visits``), and the agency's desk:
auditor profiles, next month's wave and an open appeal (``demo.desk``). Never for production
(the command refuses there)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from accounts.constants import Role
from accounts.models import User
from checklists.defaults import default_codex_install
from demo.desk import demo_desk_install
from demo.visits import demo_visits_install
from organizations.models import Client, Location, Region

DEMO_PASSWORD = "demo-password"  # printed by the quickstart; demo data is for local use only

LOCATIONS = [
    (
        "Helsinki",
        "Helsinki Kamppi",
        "Urho Kekkosen katu 1",
        "60.169100",
        "24.932700",
        "Europe/Helsinki",
    ),
    ("Helsinki", "Espoo Iso Omena", "Piispansilta 11", "60.161400", "24.738700", "Europe/Helsinki"),
    ("Budapest", "Budapest Váci utca", "Váci utca 10", "47.494300", "19.053600", "Europe/Budapest"),
    ("Budapest", "Debrecen Fórum", "Csapó utca 30", "47.529400", "21.627300", "Europe/Budapest"),
]
# A competitor's store, audited with the same checklists: its client sees only the gap to it.
COMPETITORS = [
    (
        "Helsinki",
        "Kilpailija Forum",
        "Mannerheimintie 14",
        "60.169600",
        "24.938400",
        "Europe/Helsinki",
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    description: str


DEMO_USERS = [
    DemoUser("auditor", Role.AUDITOR, "auditor (mystery shopper) working for Demo Retail"),
    DemoUser("reviewer", Role.REVIEWER, "agency reviewer"),
    DemoUser("manager", Role.REGIONAL_MANAGER, "regional manager of Helsinki"),
    DemoUser("clientadmin", Role.CLIENT_ADMIN, "Demo Retail's client admin"),
    DemoUser("admin", Role.AGENCY_ADMIN, "agency admin (Django admin at /admin/)"),
]


@transaction.atomic
def demo_data_install(*, progress: Callable[[str], None]) -> list[DemoUser]:
    client, _ = Client.objects.get_or_create(slug="demo-retail", defaults={"name": "Demo Retail"})
    if not client.codex_versions.exists():
        progress("installing the default codex and its checklists")
        default_codex_install(client=client, progress=lambda message: progress(f"  {message}"))
    regions = {}
    stores = [(row, False) for row in LOCATIONS] + [(row, True) for row in COMPETITORS]
    for (region_name, name, address, lat, lon, tz), competitor in stores:
        regions[region_name], _ = Region.objects.get_or_create(client=client, name=region_name)
        Location.objects.get_or_create(
            client=client,
            name=name,
            defaults={
                "region": regions[region_name],
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "time_zone": tz,
                "competitor": competitor,
            },
        )
    progress(
        f"{len(regions)} regions, {len(LOCATIONS)} locations and {len(COMPETITORS)} competitor's"
    )
    users = {}
    for spec in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "role": spec.role,
                "client": client
                if spec.role in (Role.REGIONAL_MANAGER, Role.CLIENT_ADMIN)
                else None,
                "email": f"{spec.username}@example.com",
                "is_staff": spec.role == Role.AGENCY_ADMIN,
                "is_superuser": spec.role == Role.AGENCY_ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[spec.username] = user
        if spec.role == Role.AUDITOR:
            user.works_for.add(client)
        if spec.role == Role.REGIONAL_MANAGER:
            user.regions.add(regions["Helsinki"])
    progress(f"{len(DEMO_USERS)} demo users")
    demo_visits_install(
        client=client, auditor=users["auditor"], reviewer=users["reviewer"], progress=progress
    )
    demo_desk_install(client=client, users=users, progress=progress)
    return DEMO_USERS
