"""A small fixed data set of stored scores; the figures the tests expect are worked out by hand
in test_api.py."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from audits.models import Audit
from scoring.models import AuditScore, NormResult, PhaseScore
from tests.audits.conftest import field  # noqa: F401 - a shared fixture
from tests.factories import AssignmentFactory, ChecklistVersionFactory, LocationFactory


def scored_audit(
    location,
    version,
    *,
    total,
    persona="",
    failed=False,
    loyalty="",
    visited=(2026, 10, 15),
    phases=None,
    norms=None,
    situation="product_inquiry",
    channel="in_person",
):
    assignment = AssignmentFactory(location=location, checklist_version=version)
    audit = Audit.objects.create(assignment=assignment, status="approved")
    score = AuditScore.objects.create(
        audit=audit,
        client_id=location.client_id,
        region_id=location.region_id,
        location=location,
        situation=situation,
        channel=channel,
        persona=persona,
        visited_at=datetime(*visited, 12, 0, tzinfo=UTC),
        visited_on=date(*visited),
        total=total,
        raw_total=total,
        failed=failed,
        loyalty=loyalty,
        competitor=location.competitor,
        rules_version=1,
    )
    for position, (phase, value) in enumerate((phases or {}).items()):
        PhaseScore.objects.create(audit_score=score, phase=phase, position=position, score=value)
    for norm, (met, target) in (norms or {}).items():
        NormResult.objects.create(audit_score=score, norm=norm, met=met, target_rate=target)
    return score


GREET, SMILE = 0.9, 0.5


@dataclass
class Scores:
    a: object
    b: object
    c: object
    x: object


@pytest.fixture
def scored(world) -> Scores:
    """North: A (three audits in October, one in September), B (two in October).
    South: C (one in October). Another client: X (one in October)."""
    a = LocationFactory(region=world.region, name="A")
    b = LocationFactory(region=world.region, name="B")
    c = LocationFactory(region=world.other_region, name="C")
    x = LocationFactory(region__client=world.other_client, name="X")
    own = ChecklistVersionFactory(checklist__client=world.client)
    other = ChecklistVersionFactory(checklist__client=world.other_client)

    scored_audit(
        a,
        own,
        total=0.8,
        persona="novice",
        loyalty="loyalist",
        visited=(2026, 10, 5),
        phases={"arrival": 1.0, "departure": 0.6},
        norms={"greet": (True, GREET), "smile": (True, SMILE)},
    )
    scored_audit(
        a,
        own,
        total=0.6,
        persona="expert",
        loyalty="customer",
        visited=(2026, 10, 12),
        phases={"arrival": 0.5, "departure": 0.7},
        norms={"greet": (False, GREET), "smile": (None, SMILE)},
    )
    scored_audit(
        a,
        own,
        total=1.0,
        persona="novice",
        loyalty="advocate",
        visited=(2026, 10, 20),
        phases={"arrival": 1.0, "departure": 1.0},
        norms={"greet": (True, GREET), "smile": (True, SMILE)},
    )
    scored_audit(
        a,
        own,
        total=0.5,
        persona="novice",
        failed=True,
        loyalty="consumer",
        visited=(2026, 9, 10),
        phases={"arrival": 0.5, "departure": 0.5},
        norms={"greet": (False, GREET), "smile": (True, SMILE)},
    )
    scored_audit(
        b,
        own,
        total=0.4,
        persona="novice",
        failed=True,
        loyalty="consumer",
        visited=(2026, 10, 7),
        phases={"arrival": 0.0, "departure": 0.8},
        norms={"greet": (False, GREET), "smile": (False, SMILE)},
        channel="phone",
    )
    scored_audit(
        b,
        own,
        total=0.5,
        persona="expert",
        loyalty="trier",
        visited=(2026, 10, 8),
        phases={"arrival": 1.0, "departure": 0.0},
        norms={"greet": (True, GREET), "smile": (None, SMILE)},
    )
    scored_audit(
        c,
        own,
        total=0.9,
        persona="novice",
        visited=(2026, 10, 9),
        phases={"arrival": 0.9},
        norms={"greet": (False, GREET)},
    )
    scored_audit(
        x,
        other,
        total=0.1,
        persona="novice",
        visited=(2026, 10, 9),
        phases={"arrival": 0.1},
        norms={"greet": (False, GREET)},
    )
    return Scores(a=a, b=b, c=c, x=x)
