"""Reads that feed the reports: every query up front, then plain values."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from audits.models import Answer, Audit, Photo
from checklists.models import Item
from codex.models import Phase
from reports.labels import NO_VALUE, channel_name, decimal, labels, rung_name
from reports.models import ReportJob
from reports.pdf import AuditReport, ReportItem, ReportPhase, ReportStep
from scoring.filters import scoped_scores
from scoring.models import AuditScore
from scoring.rules import ScoringAnswer, item_score
from scoring.services import scoring_item

# A per-audit PDF shows this many photo thumbnails of an item at most.
THUMBNAILS_PER_ITEM = 4
EXPORT_PARAMS = (
    "period", "from", "to", "situation", "channel", "persona", "region", "location", "excel"
)  # fmt: skip


def export_scores(*, user, params) -> QuerySet[AuditScore]:
    """Approved audits the reader may see, narrowed by period, region, location, situation,
    channel and persona (404 for a region or location they may not see)."""
    return scoped_scores(user, params)


def jobs_visible(*, user) -> QuerySet[ReportJob]:
    return ReportJob.objects.visible_to(user)


def report_audits(*, user) -> QuerySet[Audit]:
    """Audits whose report the reader may download: approved, and visible to them."""
    return Audit.objects.visible_to(user).filter(status="approved")


def _answer_text(
    item: Item, answer: Answer | None, words: dict[str, str], choices, language: str
) -> str:
    if answer is None:
        return NO_VALUE
    if answer.is_na:
        return words["not_applicable"]
    if answer.never:
        return words["did_not_happen"]
    value = answer.value
    if item.type == "yes_no":
        return words["yes"] if value is True else words["no"] if value is False else NO_VALUE
    if item.type == "duration" and value is not None:
        return f"{decimal(value, language, None)} s"
    if item.type == "single_choice":
        return choices.get(value, str(value))
    if item.type == "multiple_choice" and isinstance(value, list):
        return ", ".join(choices.get(v, str(v)) for v in value)
    if value is None:
        return NO_VALUE
    if isinstance(value, float):
        return decimal(value, language, None)
    return str(value)


def audit_report(*, audit: Audit, language: str) -> AuditReport:
    audit = (
        Audit.objects.select_related(
            "assignment__client",
            "assignment__location",
            "assignment__persona",
            "assignment__checklist_version__checklist",
            "assignment__checklist_version__situation",
            "current_submission",
            "score",
        )
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.select_related("item").order_by("created_at"))
        )
        .get(pk=audit.pk)
    )
    assignment = audit.assignment
    version = assignment.checklist_version
    submission = audit.current_submission
    words = labels(language)
    with translation.override(language):
        items = list(
            Item.objects.filter(checklist_version=version)
            .select_related("phase", "norm", "step")
            .prefetch_related("choices")
            .order_by("phase__position", "phase_id", "position", "id")
        )
        answers = {a.item_id: a for a in submission.answers.all()}
        step_scores = {s.step: s.score for s in audit.score.steps.all()}
        steps_by_phase: dict[int, dict[str, ReportStep]] = defaultdict(dict)
        for item in items:
            if item.step is not None:
                steps_by_phase[item.phase_id][item.step.key] = ReportStep(
                    name=item.step.name or item.step.key,
                    goal=item.step.goal,
                    score=step_scores.get(item.step.key),
                )
        thumbnails = defaultdict(list)
        for photo in audit.photos.all():
            # Read through the storage, local or object storage (which has no file path).
            if len(thumbnails[photo.item_id]) < THUMBNAILS_PER_ITEM:
                with photo.thumbnail.open("rb") as handle:
                    thumbnails[photo.item_id].append(handle.read())
        phase_scores = {p.phase: p.score for p in audit.score.phases.all()}
        phases = list(Phase.objects.filter(codex_version_id=version.codex_version_id))
        by_phase: dict[int, list[ReportItem]] = defaultdict(list)
        for item in items:
            answer = answers.get(item.pk)
            choices = {c.key: c.label for c in item.choices.all()}
            if item.type in ("text", "photo") and answer is None and not thumbnails[item.pk]:
                continue
            met = None
            if item.norm is not None and answer is not None:
                score = item_score(
                    scoring_item(item), ScoringAnswer(answer.value, answer.is_na, answer.never)
                )
                met = None if score is None else score == 1
            by_phase[item.phase_id].append(
                ReportItem(
                    text=item.text,
                    answer=_answer_text(item, answer, words, choices, language),
                    comment=answer.comment if answer else "",
                    norm_rule=item.norm.rule if item.norm else None,
                    norm_met=met,
                    thumbnails=thumbnails[item.pk],
                    step=item.step.key if item.step is not None else "",
                    key=item.key,
                )
            )
        location = assignment.location
        visited = submission.started_at.astimezone(zoneinfo.ZoneInfo(location.time_zone))
        return AuditReport(
            language=language,
            client=assignment.client.name,
            location=location.name,
            visited=visited.strftime("%Y-%m-%d %H:%M"),
            situation=version.situation.name,
            channel=channel_name(version.checklist.channel, language),
            persona=assignment.persona.name if assignment.persona else "",
            score=audit.score.total,
            failed=audit.score.failed,
            loyalty=rung_name(audit.score.loyalty, language) if audit.score.loyalty else "",
            phases=[
                ReportPhase(
                    name=phase.name,
                    score=phase_scores.get(phase.key),
                    items=by_phase[phase.pk],
                    steps=steps_by_phase[phase.pk],
                )
                for phase in phases
                if by_phase[phase.pk]
            ],
        )
