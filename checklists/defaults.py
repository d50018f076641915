"""Checklists built from a codex version's items, and the default codex installed for a client.

A codex version holds its questions (``codex.ItemTemplate``); publishing it builds one checklist
per situation and channel from them: the items whose checkpoint is a detail of a step the
situation's process has, limited to the checkpoint's situations and channels. The default codex
is a file shipped with the package (``codex/default_codex.yaml``), installed through the same
import every other codex goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from api.errors import DomainValidationError
from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from checklists.services import item_spec, version_hash
from checklists.validation import ItemSpec, checklist_problems
from codex.constants import VersionStatus
from codex.models import CodexVersion, ItemTemplateChoice
from organizations.models import Client

DEFAULT_CODEX = Path(__file__).resolve().parent.parent / "codex" / "default_codex.yaml"


def _texts(obj, field: str, target: str | None = None) -> dict[str, str]:
    return {
        f"{target or field}_{lang}": getattr(obj, f"{field}_{lang}")
        for lang, _name in settings.LANGUAGES
    }


@transaction.atomic
def default_codex_install(
    *, client: Client, progress: Callable[[str], None] | None = None
) -> CodexVersion:
    """Import the default codex for ``client``, publish it and build its checklists."""
    from codex.importing import codex_import
    from codex.services import codex_version_publish

    version = codex_import(client=client, content=DEFAULT_CODEX.read_bytes(), progress=progress)
    return codex_version_publish(version=version, progress=progress)


def checklists_build(
    version: CodexVersion, progress: Callable[[str], None] | None = None
) -> list[ChecklistVersion]:
    """One published checklist version per situation and channel of a published codex version
    that has items (a client who had the checklist before gets its next version; the versions
    audits are pinned to stay as they were). Every version is checked as publishing checks one
    (``checklists.validation``) before anything is written, then all are written in a few
    statements: a codex has dozens of checklists."""
    say = progress or (lambda message: None)
    templates = list(
        version.item_templates.select_related("checkpoint__phase", "norm").prefetch_related(
            "checkpoint__situations"
        )
    )
    if not templates:
        return []
    choices: dict[int, list[ItemTemplateChoice]] = {}
    for choice in ItemTemplateChoice.objects.filter(item__codex_version=version):
        choices.setdefault(choice.item_id, []).append(choice)
    channels = list(version.channels.all())
    plan = []
    for situation in version.situations.prefetch_related("steps"):
        steps = {step.key: step for step in situation.steps.all()}
        for channel in channels:
            chosen = _chosen(templates, situation, channel, steps)
            if chosen:
                plan.append((situation, channel, chosen, steps))
        say(f"{situation.name}: {', '.join(str(channel.name) for channel in channels)}")
    problems = []
    for _situation, _channel, chosen, _steps in plan:
        for problem in checklist_problems(
            [_spec(template, choices) for template in _in_document_order(chosen)],
            codex_version_id=version.pk,
            codex_published=version.is_published,
        ):
            if problem not in problems:  # an item shared by several checklists: said once
                problems.append(problem)
    if problems:
        raise DomainValidationError(
            problems, _("%(version)s cannot be published.") % {"version": version}
        )
    return _write(version, plan, choices)


def _chosen(templates, situation, channel, steps) -> list:
    """The items of one situation's checklist for one channel, in the codex's order."""
    applies = [
        template
        for template in templates
        if template.checkpoint.applies_to_channel(channel.key)
        and (
            not template.checkpoint.situations.all()
            or situation in template.checkpoint.situations.all()
        )
    ]
    chosen = [t for t in applies if t.checkpoint.step_key in steps]
    # A checkpoint of a whole phase (no step): in a checklist that asks about the phase.
    asked = {template.checkpoint.phase_id for template in chosen}
    chosen += [t for t in applies if not t.checkpoint.step_key and t.checkpoint.phase_id in asked]
    chosen.sort(key=lambda template: template.position)
    return chosen


def _in_document_order(templates) -> list:
    """As the phone's document has them (``checklists.services._item_specs``): by phase, then
    by position."""
    ordered = sorted(
        enumerate(templates),
        key=lambda pair: (
            pair[1].checkpoint.phase.position,
            pair[1].checkpoint.phase_id,
            pair[0],
        ),
    )
    return [template for _, template in ordered]


def _spec(template, choices) -> ItemSpec:
    return item_spec(
        template,
        phase_codex_version_id=template.checkpoint.phase.codex_version_id,
        norm=template.norm,
        choice_keys=(choice.key for choice in choices.get(template.pk, [])),
    )


def _write(version: CodexVersion, plan, choices) -> list[ChecklistVersion]:
    """The planned checklists' new versions, published, with their items and choices."""
    keys = {
        f"{situation.key}-{channel.key}".replace("_", "-"): (situation, channel)
        for situation, channel, _, _ in plan
    }
    checklists = {
        checklist.key: checklist
        for checklist in Checklist.objects.select_for_update().filter(
            client_id=version.client_id, key__in=keys
        )
    }
    fresh = [
        Checklist(
            client_id=version.client_id,
            key=key,
            situation_key=situation.key,
            channel=channel.key,
            **{
                f"name_{lang}": f"{getattr(situation, f'name_{lang}')} "
                f"({getattr(channel, f'label_{lang}')})"
                for lang, _name in settings.LANGUAGES
            },
        )
        for key, (situation, channel) in keys.items()
        if key not in checklists
    ]
    Checklist.objects.bulk_create(fresh)
    checklists.update((checklist.key, checklist) for checklist in fresh)
    numbers = dict(
        ChecklistVersion.objects.filter(checklist__in=list(checklists.values()))
        .values("checklist_id")
        .annotate(last=Max("number"))
        .values_list("checklist_id", "last")
    )
    now = timezone.now()
    versions = []
    for situation, channel, _chosen_items, _steps in plan:
        checklist = checklists[f"{situation.key}-{channel.key}".replace("_", "-")]
        versions.append(
            ChecklistVersion(
                checklist=checklist,
                number=numbers.get(checklist.pk, 0) + 1,
                codex_version=version,
                situation=situation,
                status=VersionStatus.PUBLISHED,
                published_at=now,
            )
        )
    ChecklistVersion.objects.bulk_create(versions)
    items, item_choices = [], []
    for checklist_version, (_situation, _channel, chosen, steps) in zip(
        versions, plan, strict=True
    ):
        checklist_version.content_hash = version_hash(checklist_version)
        for position, template in enumerate(chosen):
            item = _item(checklist_version, template, steps, position)
            items.append(item)
            item_choices += [
                ItemChoice(
                    item=item,
                    key=choice.key,
                    position=choice.position,
                    points=choice.points,
                    **_texts(choice, "label"),
                )
                for choice in choices.get(template.pk, [])
            ]
    ChecklistVersion.objects.bulk_update(versions, ["content_hash"])
    Item.objects.bulk_create(items)
    for choice in item_choices:
        choice.item_id = choice.item.pk
    ItemChoice.objects.bulk_create(item_choices)
    for checklist_version in versions:
        checklist_version.checklist.current_version = checklist_version
    Checklist.objects.bulk_update(
        [checklist_version.checklist for checklist_version in versions], ["current_version"]
    )
    return versions


def _item(checklist_version, template, steps, position: int) -> Item:
    return Item(
        checklist_version=checklist_version,
        phase_id=template.checkpoint.phase_id,
        step=steps.get(template.checkpoint.step_key),
        norm_id=template.norm_id,
        key=template.key,
        position=position,
        type=template.type,
        weight=template.weight,
        critical=template.critical,
        allow_na=template.allow_na,
        required=template.required,
        min_photos=template.min_photos,
        min_value=template.min_value,
        max_value=template.max_value,
        measures_loyalty=template.measures_loyalty,
        business_hours=template.business_hours,
        figure=template.figure,
        condition_item_key=template.condition_item_key,
        condition_operator=template.condition_operator,
        condition_value=template.condition_value,
        **_texts(template, "text"),
        **_texts(template, "help", "help_text"),
    )
