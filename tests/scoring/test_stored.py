"""Scores are stored when an audit is approved, and recomputed by a command."""

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, F, Q, Sum

from audits.models import Audit
from checklists.models import ItemChoice
from scoring import selectors
from scoring.models import AuditScore, NormResult, PhaseScore
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as


def approved_audit(world, field, **answers):
    payload = visit_payload(field.assignment)
    payload["answers"].update(answers)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    upload(world.auditor, payload["id"], jpeg_bytes())
    audit = Audit.objects.get(assignment=field.assignment)
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    return audit


@pytest.mark.django_db
def test_approval_stores_the_score_per_audit_phase_and_norm(world, field):
    # The fixed checklist (tests/audits/conftest.py): arrival has greeting (duration, 8 s norm),
    # queue, waiting (duration, no norm: not scored), mood (scale 1-5), entrance (photo);
    # departure has smile (N/A here), tags and loyalty (no points: not scored), note (text).
    audit = approved_audit(world, field, greeting={"value": 8.1}, mood={"value": 4})

    score = AuditScore.objects.get(audit=audit)
    phases = {p.phase: p.score for p in score.phases.all()}
    norms = {n.norm: (n.met, n.target_rate) for n in score.norms.all()}
    # arrival: greeting 0 (8.1 s misses 8 s), queue 1 (yes), mood 0.75 -> (0 + 1 + 0.75) / 3
    assert phases == {"arrival": pytest.approx(1.75 / 3), "departure": None}
    assert score.total == pytest.approx(1.75 / 3)
    assert score.failed is False
    assert norms == {"greeted_within_8s": (False, 0.9)}
    assert score.loyalty == "loyalist"
    assert score.location_id == field.location.pk
    assert score.region_id == world.region.pk
    assert score.rules_version == 1


@pytest.mark.django_db
def test_unapproved_audits_have_no_score(world, field):
    payload = visit_payload(field.assignment)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    upload(world.auditor, payload["id"], jpeg_bytes())

    assert not AuditScore.objects.exists()


@pytest.mark.django_db
def test_recompute_after_a_rule_change_shows_progress(world, field, capsys):
    audit = approved_audit(world, field)
    tags = field.version.items.get(key="tags")
    # A change the stored score does not know of yet: the tags now score by points.
    ItemChoice.objects.filter(item=tags, key="friendly").update(points=1)
    ItemChoice.objects.filter(item=tags, key="fast").update(points=1)
    ItemChoice.objects.filter(item=tags, key="expert").update(points=2)
    before = AuditScore.objects.get(audit=audit).phases.get(phase="departure").score

    call_command("recompute_scores")

    after = AuditScore.objects.get(audit=audit).phases.get(phase="departure").score
    output = capsys.readouterr().out
    assert before is None
    assert after == pytest.approx(0.5)  # friendly + fast = 2 of 4 points
    assert "[########################################] 1/1" in output
    assert "Recomputed 1 audits with rules version 1." in output


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["all", "location", "period", "nothing"])
def test_phases_and_norms_read_together_equal_each_read_alone(scored, world, where):
    """The scorecard reads phases and norms in one written-out statement; it must give what the
    two ORM aggregates give, for any selection of scores (including none), on any database."""
    queryset = AuditScore.objects.all()
    if where == "location":
        queryset = queryset.filter(location=scored.a)
    elif where == "period":
        queryset = queryset.filter(visited_on__gte="2026-10-01", visited_on__lte="2026-10-31")
    elif where == "nothing":
        queryset = queryset.filter(location=scored.a, visited_on__year=1999)

    # Some phases carry the auditor's expectations (fell short, met, exceeded).
    rows = list(PhaseScore.objects.order_by("pk").values_list("pk", flat=True))
    for value, pks in ((-1, rows[0::3]), (0, rows[1::3]), (1, rows[2::5])):
        PhaseScore.objects.filter(pk__in=pks).update(expectation=value)

    phases, norms, steps, expectations = selectors.phase_and_norm_sums(queryset)
    assert steps == []  # the fixed checklist's items check no step
    asked = PhaseScore.objects.filter(audit_score__in=queryset, expectation__isnull=False)
    assert expectations == {
        row["phase"]: {"n": row["n"], "fell_short": row["short"], "exceeded": row["over"]}
        for row in asked.values("phase").annotate(
            n=Count("pk"),
            short=Count("pk", filter=Q(expectation=-1)),
            over=Count("pk", filter=Q(expectation=1)),
        )
    }
    assert (where == "nothing") == (not expectations)

    def plain(rows):
        return [
            {k: (round(v, 9) if isinstance(v, float) else v) for k, v in r.items()} for r in rows
        ]

    expected_phases = sorted(
        selectors.phase_sums(queryset), key=lambda r: (r["position"], r["phase"])
    )
    assert plain(phases) == plain(expected_phases)
    assert plain(norms) == plain(selectors.norm_counts(queryset))
    assert all(type(r["met_count"]) is int and type(r["audits"]) is int for r in norms)
    if where == "all":
        assert {r["norm"] for r in norms} == {"greet", "smile"}
        assert len(phases) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["all", "period", "nothing"])
def test_phases_and_norms_by_location_read_together_equal_each_read_alone(scored, world, where):
    """Locations side by side read phases and norms per location in one written-out statement;
    it must give what the two ORM aggregates give per location, on any database."""
    queryset = AuditScore.objects.all()
    if where == "period":
        queryset = queryset.filter(visited_on__gte="2026-10-01", visited_on__lte="2026-10-31")
    elif where == "nothing":
        queryset = queryset.filter(visited_on__year=1999)

    phases, norms = selectors.phase_and_norm_sums_by_location(queryset)

    def plain(rows, keys):
        return sorted(
            ({k: (round(v, 9) if isinstance(v, float) else v) for k, v in r.items()} for r in rows),
            key=lambda r: tuple(r[k] for k in keys),
        )

    # The same two aggregates through the ORM, grouped by location too.
    by_phase = (
        PhaseScore.objects.filter(audit_score__in=queryset.values("pk"), score__isnull=False)
        .values("audit_score__location_id", "phase", "position")
        .annotate(n=Count("pk"), sum=Sum("score"), squares=Sum(F("score") * F("score")))
    )
    by_norm = (
        NormResult.objects.filter(audit_score__in=queryset.values("pk"), met__isnull=False)
        .values("audit_score__location_id", "norm")
        .annotate(
            audits=Count("pk"),
            met_count=Count("pk", filter=Q(met=True)),
            target=Avg("target_rate"),
        )
    )
    phase_keys = ("audit_score__location_id", "phase")
    norm_keys = ("audit_score__location_id", "norm")
    assert plain(phases, phase_keys) == plain(by_phase, phase_keys)
    assert plain(norms, norm_keys) == plain(by_norm, norm_keys)
    if where == "all":
        assert len({r["audit_score__location_id"] for r in phases}) > 1
        assert len(norms) > 2
