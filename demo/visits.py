"""Demo visits: six months of audits at the demo locations, made the way the phone and the
reviewer make them (an accepted assignment, a submission answered to fit its pinned checklist,
its photos, the approval that stores the score), so that a manager's first look at the
quickstart already has figures to compare. Seeded, so every quickstart makes the same ones."""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from audits import services as audit_services
from audits.answers import AnswerInput, ItemRule, item_shown, required_photos
from audits.constants import AssignmentStatus
from audits.models import Assignment, Audit
from audits.selectors import ChecklistRules, checklist_rules
from checklists.constants import ItemFigure, ItemType
from checklists.models import Checklist, Item
from codex.models import Persona
from organizations.models import Client, Location

# How likely each location's staff are to get an item right: the demo's locations differ, and
# one of them treats the pensioner persona worse (the equal-treatment check of seed 003).
QUALITY = {
    "Helsinki Kamppi": 0.92,
    "Espoo Iso Omena": 0.72,
    "Budapest Váci utca": 0.84,
    "Debrecen Fórum": 0.66,
}
UNEQUAL_TREATMENT = {("Debrecen Fórum", "novice_pensioner"): 0.2}
# A matched pair (seed 003): the same script, only the age differs, so the gap at Debrecen is
# unequal treatment and not a different need.
PERSONAS = ("novice_pensioner", "young_novice_man")
MONTHS = 6
VISITS_PER_MONTH = 2
# What an auditor writes, in the language of the country visited (by the location's time zone).
COMMENTS = {
    "fi": [
        "Ystävällinen henkilökunta, myymälä oli siisti.",
        "Jouduin aluksi etsimään apua itse.",
        "Myyjä kertoi hyödyt selkeästi.",
        "Kiireinen iltapäivä; jono eteni hitaasti.",
    ],
    "hu": [
        "Kedves munkatársak, rendezett üzlet.",
        "Eleinte magamnak kellett segítséget keresnem.",
        "Az eladó világosan elmondta az előnyöket.",
        "Zsúfolt délután; a sor lassan haladt.",
    ],
}


def _comment_language(location: Location) -> str:
    return "hu" if location.time_zone == "Europe/Budapest" else "fi"


@dataclass(frozen=True)
class Scenario:
    """What every demo visit shares: the checklist version and what it asks."""

    version_id: int
    checklist: ChecklistRules
    thresholds: dict[str, float]
    personas: dict[str, Persona]
    figures: dict[str, str]  # item key: the visit outcome it gives (ItemFigure)
    checklist_id: int = 0


def _scenario(client: Client, situation: str, channel: str) -> Scenario:
    checklist = Checklist.objects.select_related("current_version").get(
        client=client, situation_key=situation, channel=channel
    )
    version = checklist.current_version
    return Scenario(
        version_id=version.pk,
        checklist=checklist_rules(version),
        thresholds={
            key: float(seconds)
            for key, seconds in Item.objects.filter(
                checklist_version=version, norm__threshold_seconds__isnull=False
            ).values_list("key", "norm__threshold_seconds")
        },
        personas={
            persona.key: persona
            for persona in Persona.objects.filter(
                codex_version_id=version.codex_version_id, key__in=PERSONAS
            )
        },
        figures=dict(
            Item.objects.filter(checklist_version=version)
            .exclude(figure="")
            .values_list("key", "figure")
        ),
        checklist_id=checklist.pk,
    )


def demo_visits_install(
    *, client: Client, auditor, reviewer, progress: Callable[[str], None]
) -> None:
    """Approved audits over the last six months at every location, and two fresh ones waiting
    for review (one checked in far from the shop, so it carries a flag). Skipped when the client
    has assignments already."""
    if Assignment.objects.filter(client=client).exists():
        return
    scenario = _scenario(client, "product_inquiry", "in_person")
    rng = random.Random(2026)
    now = timezone.now()
    locations = list(client.locations.order_by("pk"))
    total = MONTHS * VISITS_PER_MONTH * len(locations)
    made = 0
    latest: list[Audit] = []
    for month in range(MONTHS, 0, -1):
        for location in locations:
            for index in range(VISITS_PER_MONTH):
                persona = PERSONAS[(month + index) % len(PERSONAS)]
                days_ago = 30 * month - rng.randint(0, 25)
                visited = now - timedelta(days=days_ago, hours=rng.randint(0, 6))
                audit = _visit(auditor, location, scenario, persona, visited, rng)
                audit_services.audit_approve(audit=audit, reviewer=reviewer)
                made += 1
                if month == 1 and not location.competitor:
                    latest.append(audit)
        progress(f"{made}/{total} approved demo audits")
    _follow_ups(latest, reviewer, _scenario(client, "sales_follow_up", "phone"))
    progress(f"{len(latest)} follow-up contacts after last month's visits (two-stage visits)")
    yesterday = now - timedelta(days=1)
    _visit(auditor, locations[0], scenario, PERSONAS[0], yesterday, rng)
    _visit(auditor, locations[1], scenario, PERSONAS[1], yesterday, rng, far=True)
    # The phone was offline when the agency cancelled this one: the visit is kept, held.
    _visit(auditor, locations[2], scenario, PERSONAS[0], yesterday, rng, cancelled=True)
    progress(
        "3 demo audits waiting for review: one with a plausibility flag, one held (its "
        "assignment was cancelled while the phone was offline)"
    )


@transaction.atomic
def _visit(
    auditor,
    location: Location,
    scenario: Scenario,
    persona: str,
    visited: datetime,
    rng: random.Random,
    far: bool = False,
    cancelled: bool = False,
) -> Audit:
    quality = QUALITY.get(location.name, 0.8) - UNEQUAL_TREATMENT.get((location.name, persona), 0)
    assignment = Assignment.objects.create(
        client_id=location.client_id,
        location=location,
        checklist_version_id=scenario.version_id,
        persona=scenario.personas.get(persona),
        auditor=auditor,
        window_start=visited - timedelta(days=3),
        window_end=visited + timedelta(days=3),
        status=AssignmentStatus.CANCELLED if cancelled else AssignmentStatus.ACCEPTED,
    )
    answers = _answers(scenario, quality, rng, _comment_language(location))
    # Some 550 m off when ``far``: past the check-in radius, so the reviewer sees a flag.
    offset = Decimal("0.005") if far else Decimal(0)
    submission, _ = audit_services.submission_create(
        user=auditor,
        data=audit_services.SubmissionInput(
            id=uuid.uuid4(),
            assignment_id=assignment.pk,
            started_at=visited,
            ended_at=visited + timedelta(minutes=rng.randint(15, 35)),
            device_time=timezone.now(),
            answers=answers,
            check_in_latitude=location.latitude + offset,
            check_in_longitude=location.longitude,
            check_in_accuracy_m=15.0,
        ),
    )
    rules = scenario.checklist
    for item_key, count in required_photos(rules.rules, rules.min_photos, answers).items():
        for _ in range(count):
            audit_services.photo_upload(
                user=auditor,
                photo_id=uuid.uuid4(),
                submission_id=submission.pk,
                item_key=item_key,
                data=_photo(rng),
            )
    return Audit.objects.get(pk=submission.audit_id)


def _follow_ups(firsts: list[Audit], reviewer, scenario: Scenario) -> None:
    """After each of ``firsts`` staff promised to call back the next day: the auditor records
    the call when it came (sooner and as promised where the service is better), and the
    reviewer approves it. Drawn apart, so the other visits stay as they were."""
    rng = random.Random(2027)
    for first in firsts:
        location = first.assignment.location
        quality = QUALITY.get(location.name, 0.8)
        kept = rng.random() < quality
        hours = rng.uniform(2, 22) if kept else rng.uniform(26, 80)
        ended = first.current_submission.ended_at
        assignment = audit_services.follow_up_create(
            audit=first,
            checklist_id=scenario.checklist_id,
            window_end=max(ended + timedelta(days=4), timezone.now() + timedelta(days=1)),
            note="Promised a call-back with an offer the next day.",
        )
        Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.ACCEPTED)
        called = ended + timedelta(hours=hours)
        answers = _answers(scenario, quality, rng, _comment_language(location), promise=kept)
        submission, _ = audit_services.submission_create(
            user=first.assignment.auditor,
            data=audit_services.SubmissionInput(
                id=uuid.uuid4(),
                assignment_id=assignment.pk,
                started_at=called,
                ended_at=called + timedelta(minutes=rng.randint(4, 12)),
                device_time=timezone.now(),
                answers=answers,
            ),
        )
        audit_services.audit_approve(
            audit=Audit.objects.get(pk=submission.audit_id), reviewer=reviewer
        )


def _answers(
    scenario: Scenario,
    quality: float,
    rng: random.Random,
    language: str,
    promise: bool | None = None,
) -> dict[str, AnswerInput]:
    """An answer to every item the auditor is shown, in document order; hidden items are left
    out, as the phone leaves them out."""
    answers: dict[str, AnswerInput] = {}
    shown: set[str] = set()
    # How the auditor felt on arrival, and how much the service moved it (up on a good visit).
    arrival = rng.randint(2, 4)
    departure = min(5, max(1, arrival + round(rng.gauss((quality - 0.75) * 6, 1))))
    # The expectations are drawn apart, so the visits' other answers stay as they were.
    apart = random.Random(str(rng.getstate()[1][:8]))
    for rule in scenario.checklist.rules:
        if not item_shown(rule, answers, shown):
            continue
        shown.add(rule.key)
        if rule.type == ItemType.PHOTO:
            continue
        figure = scenario.figures.get(rule.key)
        if figure == ItemFigure.MOOD_AT_ARRIVAL:
            value = arrival
        elif figure == ItemFigure.MOOD_AT_DEPARTURE:
            value = departure
        elif figure == ItemFigure.PURCHASE:
            value = _purchase(quality, rng)
        elif figure == ItemFigure.EXPECTATION:
            value = _expectation(quality, apart)
        elif figure == ItemFigure.PROMISE_KEPT and promise is not None:
            value = promise
        else:
            value = _value(rule, scenario, quality, rng, language)
        answers[rule.key] = AnswerInput(never=True) if value is NEVER else AnswerInput(value=value)
    return answers


def _expectation(quality: float, rng: random.Random) -> str:
    """Better service, more often above what the auditor expected."""
    share = min(0.999, max(0.0, rng.gauss(quality - 0.15, 0.25)))
    return ("fell_short", "met", "exceeded")[int(share * 3)]


def _purchase(quality: float, rng: random.Random) -> str:
    """Would the auditor have bought: mostly yes after good service; after poor service, a sale
    lost to it, or made with a complaint to come (seed 001's third and the rest)."""
    if rng.random() < quality:
        return "would_buy" if rng.random() < 0.9 else "would_not_buy_other"
    return rng.choice(["would_not_buy_service", "would_buy_but_complain"])


# A timed moment that never came (no greeting, the phone never answered): now and then on a poor
# visit, answered as such rather than as a number.
NEVER = object()
NEVER_SHARE = 0.2


def _value(rule: ItemRule, scenario: Scenario, quality: float, rng: random.Random, language: str):
    good = rng.random() < quality
    if rule.type == ItemType.YES_NO:
        return good
    if rule.type == ItemType.DURATION:
        if not good and rng.random() < NEVER_SHARE:
            return NEVER
        threshold = scenario.thresholds.get(rule.key, 60.0)
        factor = rng.uniform(0.3, 0.95) if good else rng.uniform(1.05, 1.8)
        return round(threshold * factor, 1)
    if rule.type in (ItemType.SCALE, ItemType.NUMBER):
        low = int(rule.min_value if rule.min_value is not None else 0)
        high = int(rule.max_value if rule.max_value is not None else 10)
        share = min(1.0, max(0.0, rng.gauss(quality, 0.2)))
        return low + round(share * (high - low))
    if rule.type == ItemType.SINGLE_CHOICE:
        # Choices run from worst to best (the loyalty ladder does).
        keys = rule.choice_keys
        share = min(0.999, max(0.0, rng.gauss(quality, 0.25)))
        return keys[int(share * len(keys))]
    if rule.type == ItemType.MULTIPLE_CHOICE:
        return [rng.choice(rule.choice_keys)]
    if rule.type == ItemType.TEXT:
        return rng.choice(COMMENTS[language])
    return None


def _photo(rng: random.Random) -> bytes:
    """A small picture unlike any other, so no photo looks reused from another audit."""
    image = Image.new("RGB", (640, 480), tuple(rng.randint(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle([x, y, x + rng.randint(20, 200), y + rng.randint(20, 160)], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
