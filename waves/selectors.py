"""What a wave's plan reads, once, as the scheduler's plain values (``waves.scheduler``)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.constants import Role
from api.errors import DomainError, DomainValidationError, NotFoundError
from audits.constants import AssignmentStatus
from audits.models import Assignment
from checklists.models import Checklist
from codex.constants import PERSONA_ATTRIBUTES, VersionStatus
from codex.models import CodexVersion
from organizations.models import BusinessHours, Client, Location
from scoring import figures
from scoring.selectors import period_samples
from waves import scheduler
from waves.models import Wave

# The most visits one wave makes: a period's programme, planned and created in one request.
MOST_VISITS = 50_000


@dataclass(frozen=True)
class WaveInputs:
    client: Client
    demand: scheduler.Demand
    shoppers: list[scheduler.Shopper]
    past: list[scheduler.Past]


def client_for_planning(pk: int) -> Client:
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        raise NotFoundError(_("There is no such client."), attr="client")
    return client


def _hours(client: Client) -> dict:
    rows = (
        BusinessHours.objects.filter(client=client)
        .values("weekday")
        .annotate(opens=Min("opens"), closes=Max("closes"))
    )
    return {row["weekday"]: (row["opens"], row["closes"]) for row in rows} or dict(
        scheduler.DEFAULT_HOURS
    )


def _places(client: Client, ids: list[int] | None) -> list[scheduler.Place]:
    locations = Location.objects.filter(client=client)
    if ids is not None:
        locations = locations.filter(pk__in=ids)
    rows = list(locations.order_by("pk").values_list("pk", "latitude", "longitude", "time_zone"))
    if ids is not None and len(rows) != len(set(ids)):
        found = {row[0] for row in rows}
        missing = [pk for pk in ids if pk not in found]
        raise NotFoundError(
            _("The client has no location %(id)s.") % {"id": missing[0]}, attr="locations"
        )
    return [
        scheduler.Place(
            pk, float(lat) if lat is not None else None, float(lon) if lon is not None else None, tz
        )
        for pk, lat, lon, tz in rows
    ]


def _scenarios(client: Client, situations, channels) -> list[scheduler.Scenario]:
    checklists = Checklist.objects.filter(client=client, current_version__isnull=False)
    if situations:
        checklists = checklists.filter(situation_key__in=situations)
    if channels:
        known = set(checklists.values_list("channel", flat=True))
        for index, channel in enumerate(channels):
            if channel not in known:
                raise DomainError(
                    _("The client has no published checklist in the channel %(channel)s.")
                    % {"channel": channel},
                    code="unknown_channel",
                    attr=f"channels.{index}",
                )
        checklists = checklists.filter(channel__in=channels)
    scenarios = [
        scheduler.Scenario(key, version, situation, channel)
        for key, version, situation, channel in checklists.order_by("key").values_list(
            "key", "current_version_id", "situation_key", "channel"
        )
    ]
    if not scenarios:
        raise DomainError(
            _("The client has no published checklist for these situations and channels."),
            code="nothing_to_visit",
            attr="situations",
        )
    return scenarios


def _roles(client: Client, keys: list[str] | None) -> list[scheduler.Role]:
    codex = (
        CodexVersion.objects.filter(client=client, status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    rows = list(codex.personas.order_by("position", "id")) if codex else []
    if keys is not None:
        known = {persona.key for persona in rows}
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise DomainValidationError(
                [
                    {
                        "code": "unknown_persona",
                        "detail": _("The client's codex has no persona %(key)s.") % {"key": key},
                        "attr": "personas",
                    }
                    for key in unknown
                ]
            )
        rows = [persona for persona in rows if persona.key in keys]
    return [
        scheduler.Role(
            persona.key,
            persona.pk,
            persona.language or client.language,
            tuple((name, getattr(persona, name)) for name in PERSONA_ATTRIBUTES),
        )
        for persona in rows
    ]


def _shoppers(client: Client) -> list[scheduler.Shopper]:
    auditors = (
        get_user_model()
        .objects.filter(role=Role.AUDITOR, is_active=True, works_for=client)
        .select_related("auditor_profile")
        .order_by("pk")
    )
    return [shopper_of(auditor) for auditor in auditors]


def shopper_of(auditor) -> scheduler.Shopper:
    """An auditor as the scheduler sees them; without a profile, nobody they can play."""
    profile = getattr(auditor, "auditor_profile", None)
    if profile is None:
        return scheduler.Shopper(auditor.pk, frozenset(), frozenset())
    return scheduler.Shopper(
        auditor.pk,
        frozenset(profile.languages),
        frozenset(profile.personas),
        float(profile.home_latitude) if profile.home_latitude is not None else None,
        float(profile.home_longitude) if profile.home_longitude is not None else None,
        float(profile.travel_km),
        profile.weekly_capacity,
    )


def _past(
    shoppers, first: date, last: date, months: int, exclude: int | None = None
) -> list[scheduler.Past]:
    """Visits the auditors have outside the wave, near enough to its period to matter for
    rotation or for a week's load (cancelled and declined ones do not)."""
    since = scheduler.add_months(first, -months) - timedelta(days=7)
    until = scheduler.add_months(last, months) + timedelta(days=7)
    rows = (
        Assignment.objects.exclude(pk=exclude)
        .filter(
            auditor_id__in=[s.id for s in shoppers],
            status__in=[AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED],
            window_start__date__gte=since,
            window_start__date__lte=until,
        )
        .values_list("auditor_id", "location_id", "window_start")
    )
    return [scheduler.Past(auditor, location, start.date()) for auditor, location, start in rows]


def wave_inputs(spec: dict) -> WaveInputs:
    """Everything the scheduler needs for a plan request (``WavePlanSerializer``'s data)."""
    client = client_for_planning(spec["client"])
    roles = _roles(client, spec.get("personas"))
    pairs = spec.get("matched_pairs_per_location")
    if pairs is None:
        pairs = 1 if scheduler.matched_pairs(roles) and spec["visits_per_location"] >= 2 else 0
    elif pairs and not scheduler.matched_pairs(roles):
        raise DomainError(
            _("No two of the chosen personas differ in one attribute only."),
            code="no_matched_pair",
            attr="matched_pairs_per_location",
        )
    demand = scheduler.Demand(
        period_start=spec["period_start"],
        period_end=spec["period_end"],
        places=_places(client, spec.get("locations")),
        scenarios=_scenarios(client, spec.get("situations"), spec.get("channels")),
        personas=roles,
        visits_per_location=spec["visits_per_location"],
        pairs_per_location=pairs,
        hours=_hours(client),
        rotation_months=client.rotation_months,
    )
    if len(demand.places) * demand.visits_per_location > MOST_VISITS:
        raise DomainError(
            _("A wave has at most 50,000 visits."),
            code="too_many_visits",
            attr="visits_per_location",
        )
    if not scheduler.open_days(demand):
        raise DomainError(
            _("The client is open on no day of this period."),
            code="no_open_day",
            attr="period_end",
        )
    shoppers = _shoppers(client)
    past = _past(shoppers, demand.period_start, demand.period_end, client.rotation_months)
    return WaveInputs(client, demand, shoppers, past)


def wave_need(client: Client, first: date, last: date) -> tuple[date, date, figures.WaveNeed]:
    """The figure a wave is sized by, from the period of the same length before it."""
    length = last - first
    before_last = first - timedelta(days=1)
    before_first = before_last - length
    samples = period_samples(client_id=client.pk, first=before_first, last=before_last)
    return before_first, before_last, figures.visits_to_rank(samples)


def waves_with_counts():
    """Waves with how many of their assignments are in each state, in one statement."""
    return Wave.objects.select_related("client", "created_by").annotate(
        offered=Count("assignments", filter=Q(assignments__status=AssignmentStatus.OFFERED)),
        accepted=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)),
        declined=Count("assignments", filter=Q(assignments__status=AssignmentStatus.DECLINED)),
        cancelled=Count("assignments", filter=Q(assignments__status=AssignmentStatus.CANCELLED)),
    )


def rule_for(assignment: Assignment, auditor) -> scheduler.Constraint | None:
    """The first rule giving ``assignment`` to ``auditor`` would break (persona, language,
    distance, rotation, capacity), or None: the scheduler's own rules, for one visit."""
    client = assignment.client
    location = assignment.location
    persona = assignment.persona
    version = assignment.checklist_version
    zone = zoneinfo.ZoneInfo(location.time_zone)
    day = assignment.window_start.astimezone(zone).date()
    place = scheduler.Place(
        location.pk,
        float(location.latitude) if location.latitude is not None else None,
        float(location.longitude) if location.longitude is not None else None,
        location.time_zone,
    )
    role = (
        scheduler.Role(persona.key, persona.pk, persona.language or client.language)
        if persona is not None
        else None
    )
    visit = scheduler.Visit(
        location=location.pk,
        scenario=scheduler.Scenario(
            version.checklist.key,
            version.pk,
            version.checklist.situation_key,
            version.checklist.channel,
        ),
        persona=role,
        day=day,
        daypart=0,
        window_start=assignment.window_start,
        window_end=assignment.window_end,
    )
    demand = scheduler.Demand(
        period_start=day,
        period_end=day,
        places=[place],
        scenarios=[visit.scenario],
        personas=[role] if role else [],
        visits_per_location=1,
        rotation_months=client.rotation_months,
    )
    shopper = shopper_of(auditor)
    past = _past([shopper], day, day, client.rotation_months, exclude=assignment.pk)
    placed = scheduler.assign([visit], [shopper], past, demand)
    return placed.visits[0].constraint


def auditors_with_work(now) -> QuerySet:
    """Active auditors with their profiles, open work and answers to offers, in one statement."""
    return (
        get_user_model()
        .objects.filter(role=Role.AUDITOR, is_active=True)
        .select_related("auditor_profile")
        .annotate(
            open_work=Count(
                "assignments",
                filter=Q(
                    assignments__status__in=[AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED],
                    assignments__window_end__gte=now,
                    assignments__audit__isnull=True,
                ),
            ),
            accepted=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)),
            declined=Count("assignments", filter=Q(assignments__status=AssignmentStatus.DECLINED)),
        )
        .order_by("username")
    )
