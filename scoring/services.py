"""Writing scores: assemble everything a calculation needs once, score with the pure rules,
store compact rows. Called when an audit is approved, and by ``recompute_scores``."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from django.db import transaction

from audits.constants import AssignmentStatus
from audits.models import Assignment, Audit
from checklists.models import Item
from scoring.cache import stamp_renew
from scoring.models import AuditScore, NormResult, PhaseScore, StepScore
from scoring.rules import RULES_VERSION, NormSpec, ScoringAnswer, ScoringItem, score_audit


def scoring_item(item: Item) -> ScoringItem:
    """A checklist item (with its phase, norm and choices loaded) as the scoring rules see it."""
    norm = None
    if item.norm is not None:
        norm = NormSpec(
            key=item.norm.key,
            measure=item.norm.measure,
            threshold_seconds=item.norm.threshold_seconds,
            partial_credit_until_seconds=item.norm.partial_credit_until_seconds,
        )
    return ScoringItem(
        key=item.key,
        type=item.type,
        phase=item.phase.key,
        weight=item.weight,
        critical=item.critical,
        min_value=item.min_value,
        max_value=item.max_value,
        choice_points={choice.key: choice.points for choice in item.choices.all()},
        norm=norm,
        measures_loyalty=item.measures_loyalty,
        step=item.step.key if item.step is not None else "",
        figure=item.figure,
    )


def _scoring_items(version) -> tuple[list[ScoringItem], dict, dict, dict]:
    items = (
        Item.objects.filter(checklist_version=version)
        .select_related("phase", "norm", "step")
        .prefetch_related("choices")
        .order_by("phase__position", "phase_id", "position", "id")
    )
    scoring_items, targets, steps = [], {}, {}
    for item in items:
        if item.norm is not None:
            targets[item.norm.key] = float(item.norm.target_rate)
        if item.step is not None:
            steps[item.step.key] = (item.phase.key, item.step.position)
        scoring_items.append(scoring_item(item))
    phases = {
        phase.key: (phase.weight, phase.position)
        for phase in version.codex_version.phases.order_by("position", "id")
    }
    return scoring_items, phases, targets, steps


@transaction.atomic
def audit_score_store(*, audit: Audit) -> AuditScore:
    """(Re)compute and store the score of an approved audit."""
    audit = Audit.objects.select_related(
        "assignment__location",
        "assignment__persona",
        "assignment__checklist_version__checklist",
        "assignment__checklist_version__situation",
        "assignment__checklist_version__codex_version",
        "current_submission",
    ).get(pk=audit.pk)
    assignment = audit.assignment
    version = assignment.checklist_version
    items, phases, targets, steps = _scoring_items(version)
    answers = {
        key: ScoringAnswer(value=value, is_na=is_na, never=never)
        for key, value, is_na, never in audit.current_submission.answers.values_list(
            "item__key", "value", "is_na", "never"
        )
    }
    result = score_audit(
        items,
        answers,
        {key: weight for key, (weight, _) in phases.items()},
        critical_miss_zeroes_total=version.codex_version.critical_miss_zeroes_total,
    )
    AuditScore.objects.filter(audit=audit).delete()
    score = AuditScore.objects.create(
        audit=audit,
        client_id=assignment.client_id,
        region_id=assignment.location.region_id,
        location_id=assignment.location_id,
        situation=version.situation.key,
        channel=version.checklist.channel,
        persona=assignment.persona.key if assignment.persona else "",
        visited_at=audit.current_submission.started_at,
        visited_on=local_date(audit.current_submission.started_at, assignment.location.time_zone),
        total=result.total,
        raw_total=result.raw_total,
        failed=result.failed,
        loyalty=result.loyalty or "",
        purchase=result.purchase or "",
        mood_change=result.mood_change,
        promise_kept=result.promise_kept,
        competitor=assignment.location.competitor,
        rules_version=RULES_VERSION,
    )
    PhaseScore.objects.bulk_create(
        PhaseScore(
            audit_score=score,
            phase=p.key,
            position=phases[p.key][1],
            score=p.score,
            expectation=p.expectation,
        )
        for p in result.phases
    )
    StepScore.objects.bulk_create(
        StepScore(
            audit_score=score,
            step=step.key,
            phase=steps[step.key][0],
            position=steps[step.key][1],
            score=step.score,
        )
        for step in result.steps
    )
    NormResult.objects.bulk_create(
        NormResult(audit_score=score, norm=n.key, met=n.met, target_rate=targets[n.key])
        for n in result.norms
    )
    # Either stage of a two-stage visit: the outcome lives on the first visit's score.
    if assignment.first_visit_id is not None:
        follow_up_outcome_store(assignment.first_visit_id)
    elif Assignment.objects.filter(first_visit_id=assignment.pk).exists():
        follow_up_outcome_store(assignment.pk)
    stamp_renew(assignment.client_id)
    return score


def follow_up_outcome_store(first_visit_id: int) -> None:
    """A two-stage visit's outcome, kept on its first visit's score (``AuditScore.followed_up``
    and the rest): the earliest approved follow-up contact gives the hours since the first
    visit ended and whether staff got back as promised; a follow-up reported with no contact
    (``AssignmentStatus.NO_CONTACT``) counts as not followed up, nor as promised. Called when
    either stage is scored, and when the auditor reports that no contact came."""
    first = (
        AuditScore.objects.filter(audit__assignment_id=first_visit_id)
        .values_list("pk", "client_id", "audit__current_submission__ended_at")
        .first()
    )
    if first is None:  # the first visit is not approved: nothing to keep it on yet
        return
    pk, client_id, ended = first
    contact = (
        AuditScore.objects.filter(audit__assignment__first_visit_id=first_visit_id)
        .order_by("visited_at")
        .values_list("visited_at", "promise_kept")
        .first()
    )
    if contact is not None:
        contacted_at, kept = contact
        outcome = {
            "followed_up": True,
            "follow_up_hours": max(0.0, (contacted_at - ended).total_seconds() / 3600),
            "follow_up_promise_kept": kept,
        }
    elif Assignment.objects.filter(
        first_visit_id=first_visit_id, status=AssignmentStatus.NO_CONTACT
    ).exists():
        outcome = {"followed_up": False, "follow_up_hours": None, "follow_up_promise_kept": False}
    else:
        outcome = {"followed_up": None, "follow_up_hours": None, "follow_up_promise_kept": None}
    AuditScore.objects.filter(pk=pk).update(**outcome)
    stamp_renew(client_id)


def local_date(moment, time_zone: str):
    """The calendar date of ``moment`` where the location is."""
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def scores_recompute(*, audits: Iterable[Audit], progress=None) -> int:
    """Recompute stored scores, for example after a change to the rules."""
    count = 0
    for audit in audits:
        audit_score_store(audit=audit)
        count += 1
        if progress:
            progress(count)
    return count
