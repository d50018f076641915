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

from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from checklists.services import checklist_version_publish
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
    audits are pinned to stay as they were)."""
    say = progress or (lambda message: None)
    templates = list(
        version.item_templates.select_related("checkpoint", "norm").prefetch_related(
            "checkpoint__situations"
        )
    )
    if not templates:
        return []
    choices: dict[int, list[ItemTemplateChoice]] = {}
    for choice in ItemTemplateChoice.objects.filter(item__codex_version=version):
        choices.setdefault(choice.item_id, []).append(choice)
    channels = list(version.channels.all())
    built = []
    for situation in version.situations.prefetch_related("steps"):
        steps = {step.key: step for step in situation.steps.all()}
        for channel in channels:
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
            chosen += [
                t for t in applies if not t.checkpoint.step_key and t.checkpoint.phase_id in asked
            ]
            chosen.sort(key=lambda template: template.position)
            if chosen:
                built.append(_build(version, situation, channel, chosen, steps, choices))
        say(f"{situation.name}: {', '.join(str(channel.name) for channel in channels)}")
    return built


def _build(version, situation, channel, templates, steps, choices) -> ChecklistVersion:
    names = {}
    for lang, _name in settings.LANGUAGES:
        situation_name = getattr(situation, f"name_{lang}")
        names[f"name_{lang}"] = f"{situation_name} ({getattr(channel, f'label_{lang}')})"
    checklist, _created = Checklist.objects.get_or_create(
        client_id=version.client_id,
        key=f"{situation.key}-{channel.key}".replace("_", "-"),
        defaults={"situation_key": situation.key, "channel": channel.key, **names},
    )
    checklist_version = ChecklistVersion.objects.create(
        checklist=checklist,
        number=(checklist.versions.aggregate(Max("number"))["number__max"] or 0) + 1,
        codex_version=version,
        situation=situation,
    )
    # The version is a fresh draft, so rows go in with bulk_create (no per-row guard needed).
    items, item_choices = [], []
    for position, template in enumerate(templates):
        step = steps.get(template.checkpoint.step_key)
        item = Item(
            checklist_version=checklist_version,
            phase_id=template.checkpoint.phase_id,
            step=step,
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
        items.append(item)
        for choice in choices.get(template.pk, []):
            item_choices.append(
                ItemChoice(
                    item=item,
                    key=choice.key,
                    position=choice.position,
                    points=choice.points,
                    **_texts(choice, "label"),
                )
            )
    Item.objects.bulk_create(items)
    for choice in item_choices:
        choice.item_id = choice.item.pk
    ItemChoice.objects.bulk_create(item_choices)
    return checklist_version_publish(version=checklist_version)
