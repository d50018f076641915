"""Every write to checklists: publishing a version and starting a new draft."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from api.errors import ConflictError, DomainError, DomainValidationError
from checklists.models import Checklist, ChecklistVersion, Item
from checklists.validation import ItemSpec, checklist_problems
from codex.constants import VersionStatus
from codex.models import CodexVersion
from codex.services import clone_row


def item_spec(source, *, phase_codex_version_id: int, norm, choice_keys) -> ItemSpec:
    """What publishing checks of an item, from a checklist's ``Item`` or the codex's
    ``ItemTemplate`` it is built from (the two name these fields alike)."""
    return ItemSpec(
        key=source.key,
        type=source.type,
        phase_codex_version_id=phase_codex_version_id,
        norm_codex_version_id=norm.codex_version_id if norm else None,
        norm_measure=norm.measure if norm else None,
        min_value=source.min_value,
        max_value=source.max_value,
        choice_keys=tuple(choice_keys),
        measures_loyalty=source.measures_loyalty,
        business_hours=source.business_hours,
        condition_item_key=source.condition_item_key,
        condition_operator=source.condition_operator,
        condition_value=source.condition_value,
        weight=source.weight,
        min_photos=source.min_photos,
    )


def _item_specs(version: ChecklistVersion) -> list[ItemSpec]:
    items = (
        Item.objects.filter(checklist_version=version)
        .select_related("phase", "norm")
        .prefetch_related("choices")
        .order_by("phase__position", "phase_id", "position", "id")
    )
    return [
        item_spec(
            item,
            phase_codex_version_id=item.phase.codex_version_id,
            norm=item.norm,
            choice_keys=(choice.key for choice in item.choices.all()),
        )
        for item in items
    ]


def version_hash(version: ChecklistVersion) -> str:
    """A published version's stamp: its id, number and publication moment."""
    return hashlib.sha256(
        f"{version.pk}:{version.number}:{version.published_at.isoformat()}".encode()
    ).hexdigest()


@transaction.atomic
def checklist_version_publish(*, version: ChecklistVersion) -> ChecklistVersion:
    """Validate and freeze a draft; it becomes the checklist's current version if newest."""
    version = (
        ChecklistVersion.objects.select_for_update()
        .select_related("codex_version", "checklist")
        .get(pk=version.pk)
    )
    if version.is_published:
        raise ConflictError(
            _("%(version)s is already published.") % {"version": version},
            code="already_published",
        )
    problems = checklist_problems(
        _item_specs(version),
        codex_version_id=version.codex_version_id,
        codex_published=version.codex_version.is_published,
    )
    if version.situation.codex_version_id != version.codex_version_id:
        problems.append(
            {
                "code": "situation_from_other_codex",
                "detail": _("The situation belongs to another codex version."),
                "attr": "situation",
            }
        )
    if problems:
        raise DomainValidationError(
            problems, _("%(version)s cannot be published.") % {"version": version}
        )

    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.content_hash = version_hash(version)
    version.save(update_fields=["status", "published_at", "content_hash"])

    checklist = Checklist.objects.select_for_update().get(pk=version.checklist_id)
    current = checklist.current_version
    if current is None or current.number < version.number:
        checklist.current_version = version
        checklist.save(update_fields=["current_version"])
    return version


@transaction.atomic
def checklist_version_create_draft(
    *, checklist: Checklist, codex_version: CodexVersion | None = None
) -> ChecklistVersion:
    """A new draft copying the newest version's items, optionally moved to another codex version.

    Moving to another codex version maps each item's phase and norm by key.
    """
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    source = (
        ChecklistVersion.objects.filter(checklist=checklist)
        .select_related("situation")
        .order_by("-number")
        .first()
    )
    if source is None:
        raise DomainError(_("The checklist has no version to copy."), code="no_version")
    target_codex = codex_version or source.codex_version
    number = (checklist.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    situation = target_codex.situations.filter(key=source.situation.key).first()
    if situation is None:
        raise DomainError(
            _("The codex version has no situation %(key)r.") % {"key": source.situation.key},
            code="situation_missing",
            attr="codex_version",
        )
    draft = ChecklistVersion.objects.create(
        checklist=checklist, number=number, codex_version=target_codex, situation=situation
    )
    phases = {phase.key: phase for phase in target_codex.phases.all()}
    norms = {norm.key: norm for norm in target_codex.norms.all()}
    for item in source.items.select_related("phase", "norm").prefetch_related("choices"):
        choices = list(item.choices.all())
        phase = phases.get(item.phase.key)
        if phase is None:
            raise DomainError(
                _("The codex version has no phase %(key)r.") % {"key": item.phase.key},
                code="phase_missing",
                attr=f"items.{item.key}.phase",
            )
        norm = norms.get(item.norm.key) if item.norm else None
        clone_row(item, checklist_version=draft, phase=phase, norm=norm)
        for choice in choices:
            clone_row(choice, item=item)
    return draft
