"""Reads of checklists shaped for the API: every query the phone's document needs, up front."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from checklists.constants import CHECKLIST_DOCUMENT_FORMAT
from checklists.models import Checklist, ChecklistVersion, Item
from codex.models import Phase, Step


@dataclass(frozen=True)
class Section:
    """A phase, the steps of the situation's process its items check (in order), and its
    items."""

    phase: Phase
    steps: list[Step]
    items: list[Item]


@dataclass(frozen=True)
class ChecklistDocument:
    """A published checklist version as the phone downloads it: phases in order, then items."""

    version: ChecklistVersion
    sections: list[Section]


def checklist_list(*, user) -> QuerySet[Checklist]:
    return (
        Checklist.objects.visible_to(user)
        .filter(current_version__isnull=False)
        .select_related("client", "current_version")
    )


def checklist_document(*, version: ChecklistVersion) -> ChecklistDocument:
    """Load everything the document shows in a fixed number of queries, whatever its size."""
    items = list(
        Item.objects.filter(checklist_version=version)
        .select_related("phase", "norm", "step")
        .prefetch_related("choices")
        .order_by("phase__position", "phase_id", "position", "id")
    )
    sections: list[Section] = []
    for item in items:
        if not sections or sections[-1].phase.pk != item.phase_id:
            sections.append(Section(phase=item.phase, steps=[], items=[]))
        section = sections[-1]
        section.items.append(item)
        if item.step is not None and all(step.pk != item.step_id for step in section.steps):
            section.steps.append(item.step)
    for section in sections:
        section.steps.sort(key=lambda step: (step.position, step.pk))
    return ChecklistDocument(version=version, sections=sections)


def checklist_version_etag(version: ChecklistVersion, language: str) -> str:
    """Changes with the version, the document format and the language; nothing else can change
    a published version."""
    return f'"{version.content_hash[:32]}-{CHECKLIST_DOCUMENT_FORMAT}-{language}"'


def checklist_version_queryset(*, user) -> QuerySet[ChecklistVersion]:
    return ChecklistVersion.objects.visible_to(user).select_related(
        "checklist", "checklist__client", "situation"
    )
