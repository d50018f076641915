"""Install the default codex (``codex.default_codex``) for a client: a published codex version and
one published checklist per encounter situation and channel, built from its checkpoints."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from checklists.services import checklist_version_publish
from codex import default_codex as data
from codex.models import Checkpoint, CodexVersion, Norm, Persona, Phase, Situation, Step
from codex.services import codex_version_publish
from organizations.models import Client


def _tr(field: str, texts: dict[str, str]) -> dict[str, str]:
    languages = [code for code, _ in settings.LANGUAGES]
    return {f"{field}_{lang}": texts[lang] for lang in languages if lang in texts}


@transaction.atomic
def default_codex_install(
    *, client: Client, progress: Callable[[str], None] | None = None
) -> CodexVersion:
    """Create and publish the default codex and its checklists for ``client``."""
    say = progress or (lambda message: None)
    number = client.codex_versions.count() + 1
    version = CodexVersion.objects.create(
        client=client, number=number, notes="Default codex built from the seed texts."
    )
    phases = {}
    for position, spec in enumerate(data.PHASES):
        phases[spec["key"]] = Phase.objects.create(
            codex_version=version,
            key=spec["key"],
            position=position,
            **_tr("name", spec["name"]),
            **_tr("goal", spec["goal"]),
            **_tr("effect", spec["effect"]),
        )
    situations = {}
    for position, spec in enumerate(data.SITUATIONS):
        situation = Situation.objects.create(
            codex_version=version, key=spec["key"], position=position, **_tr("name", spec["name"])
        )
        situations[spec["key"]] = situation
        for phase_position, phase_spec in enumerate(data.PHASES):
            if phase_spec["key"] in spec["skip"]:
                continue
            texts = spec.get("steps", {}).get(phase_spec["key"], phase_spec)
            Step.objects.create(
                situation=situation,
                phase=phases[phase_spec["key"]],
                position=phase_position,
                **_tr("goal", texts["goal"]),
                **_tr("effect", texts["effect"]),
            )
    say(f"codex v{number}: {len(phases)} phases, {len(situations)} situations")

    checkpoints: list[tuple[dict[str, Any], Checkpoint, Norm | None]] = []
    for position, spec in enumerate(data.CHECKPOINTS):
        checkpoint = Checkpoint.objects.create(
            codex_version=version,
            key=spec["key"],
            position=position,
            phase=phases[spec["phase"]],
            channels=spec.get("channels", []),
            **_tr("name", spec["name"]),
        )
        checkpoint.situations.set([situations[key] for key in spec.get("situations", [])])
        norm = None
        if norm_spec := spec.get("norm"):
            norm = Norm.objects.create(
                codex_version=version,
                checkpoint=checkpoint,
                key=norm_spec["key"],
                position=position,
                measure=norm_spec["measure"],
                threshold_seconds=norm_spec.get("threshold_seconds"),
                display_unit=norm_spec.get("display_unit", "seconds"),
                partial_credit_until_seconds=norm_spec.get("partial_credit_until_seconds"),
                target_rate=Decimal(norm_spec["target_rate"]),
                **_tr("rule", norm_spec["rule"]),
            )
        checkpoints.append((spec, checkpoint, norm))
    for position, spec in enumerate(data.PERSONAS):
        Persona.objects.create(
            codex_version=version,
            key=spec["key"],
            position=position,
            **_tr("name", spec["name"]),
            **_tr("description", spec["description"]),
        )
    version = codex_version_publish(version=version)
    say(f"codex v{number}: {len(checkpoints)} checkpoints, {len(data.PERSONAS)} personas")

    for situation_spec in data.SITUATIONS:
        for channel in data.ALL_CHANNELS:
            _build_checklist(
                client, version, situations[situation_spec["key"]], channel, checkpoints
            )
        say(f"checklists for {situation_spec['key']}: {', '.join(data.ALL_CHANNELS)}")
    return version


def _build_checklist(client, version, situation, channel, checkpoints) -> ChecklistVersion | None:
    skipped = set(next(s["skip"] for s in data.SITUATIONS if s["key"] == situation.key))
    names = {
        lang: f"{situation_name} ({data.CHANNEL_NAMES[channel][lang]})"
        for lang, situation_name in next(
            s["name"] for s in data.SITUATIONS if s["key"] == situation.key
        ).items()
    }
    checklist = Checklist.objects.create(
        client=client,
        key=f"{situation.key}-{channel}".replace("_", "-"),
        situation_key=situation.key,
        channel=channel,
        **_tr("name", names),
    )
    checklist_version = ChecklistVersion.objects.create(
        checklist=checklist, number=1, codex_version=version, situation=situation
    )
    # The version is a fresh draft, so rows go in with bulk_create (no per-row guard needed).
    items, choices = [], []
    for position, (spec, checkpoint, norm) in enumerate(checkpoints):
        if spec["phase"] in skipped:
            continue
        if spec.get("situations") and situation.key not in spec["situations"]:
            continue
        if not checkpoint.applies_to_channel(channel):
            continue
        item_spec = spec["item"]
        condition = item_spec.get("condition") or {}
        item = Item(
            checklist_version=checklist_version,
            phase=checkpoint.phase,
            norm=norm,
            key=spec["key"],
            position=position,
            type=item_spec["type"],
            weight=Decimal(item_spec.get("weight", 1)),
            critical=item_spec.get("critical", False),
            allow_na=item_spec.get("allow_na", False),
            required=item_spec.get("required", True),
            min_photos=item_spec.get("min_photos", 0),
            min_value=item_spec.get("min_value"),
            max_value=item_spec.get("max_value"),
            measures_loyalty=item_spec.get("measures_loyalty", False),
            condition_item_key=condition.get("item", ""),
            condition_operator=condition.get("op", ""),
            condition_value=condition.get("value"),
            **_tr("text", item_spec["text"]),
        )
        items.append(item)
        choices.extend(
            ItemChoice(item=item, key=key, position=choice_position, **_tr("label", label))
            for choice_position, (key, label) in enumerate(item_spec.get("choices", []))
        )
    Item.objects.bulk_create(items)
    for choice in choices:
        choice.item_id = choice.item.pk
    ItemChoice.objects.bulk_create(choices)
    return checklist_version_publish(version=checklist_version)
