"""Install the default codex (``codex.default_codex``) for a client: a published codex version and
one published checklist per encounter situation and channel, built from its checkpoints."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max

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
    number = (client.codex_versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = CodexVersion.objects.create(
        client=client, number=number, notes="Default codex built from the seed texts."
    )
    # The version is a fresh draft, so its rows go in with bulk_create (a few statements rather
    # than a guarded save per row: the install runs in every quickstart and many tests).
    phases = {
        phase.key: phase
        for phase in Phase.objects.bulk_create(
            Phase(
                codex_version=version,
                key=spec["key"],
                position=position,
                **_tr("name", spec["name"]),
                **_tr("goal", spec["goal"]),
                **_tr("effect", spec["effect"]),
            )
            for position, spec in enumerate(data.PHASES)
        )
    }
    situations = {
        situation.key: situation
        for situation in Situation.objects.bulk_create(
            Situation(
                codex_version=version,
                key=spec["key"],
                position=position,
                direction=spec.get("direction", "inbound"),
                **_tr("name", spec["name"]),
            )
            for position, spec in enumerate(data.SITUATIONS)
        )
    }
    step_rows = []
    for spec in data.SITUATIONS:
        for step_position, step_key in enumerate(spec["steps"]):
            texts = {**data.STEPS[step_key], **spec.get("overrides", {}).get(step_key, {})}
            step_rows.append(
                Step(
                    situation=situations[spec["key"]],
                    phase=phases[texts["phase"]],
                    key=step_key,
                    position=step_position,
                    **_tr("name", texts["name"]),
                    **_tr("goal", texts["goal"]),
                    **_tr("effect", texts["effect"]),
                )
            )
    steps = {(step.situation.key, step.key): step for step in Step.objects.bulk_create(step_rows)}
    say(f"codex v{number}: {len(phases)} phases, {len(situations)} situations")

    made = Checkpoint.objects.bulk_create(
        Checkpoint(
            codex_version=version,
            key=spec["key"],
            position=position,
            phase=phases[data.STEPS[spec["step"]]["phase"]],
            step_key=spec["step"],
            channels=spec.get("channels", []),
            **_tr("name", spec["name"]),
        )
        for position, spec in enumerate(data.CHECKPOINTS)
    )
    Checkpoint.situations.through.objects.bulk_create(
        Checkpoint.situations.through(checkpoint=checkpoint, situation=situations[key])
        for spec, checkpoint in zip(data.CHECKPOINTS, made, strict=True)
        for key in spec.get("situations", [])
    )
    norm_rows = []
    for position, (spec, checkpoint) in enumerate(zip(data.CHECKPOINTS, made, strict=True)):
        if norm_spec := spec.get("norm"):
            norm_rows.append(
                Norm(
                    codex_version=version,
                    checkpoint=checkpoint,
                    key=norm_spec["key"],
                    position=position,
                    measure=norm_spec["measure"],
                    threshold_seconds=norm_spec.get("threshold_seconds"),
                    display_unit=norm_spec.get("display_unit", "seconds"),
                    partial_credit_until_seconds=norm_spec.get("partial_credit_until_seconds"),
                    target_rate=Decimal(norm_spec["target_rate"]),
                    basis=norm_spec["basis"],
                    source=norm_spec.get("source", ""),
                    **_tr("rule", norm_spec["rule"]),
                )
            )
    norms = {norm.checkpoint.key: norm for norm in Norm.objects.bulk_create(norm_rows)}
    checkpoints: list[tuple[dict[str, Any], Checkpoint, Norm | None]] = [
        (spec, checkpoint, norms.get(checkpoint.key))
        for spec, checkpoint in zip(data.CHECKPOINTS, made, strict=True)
    ]
    Persona.objects.bulk_create(
        Persona(
            codex_version=version,
            key=spec["key"],
            position=position,
            **spec["attributes"],
            **_tr("name", spec["name"]),
            **_tr("description", spec["description"]),
        )
        for position, spec in enumerate(data.PERSONAS)
    )
    version = codex_version_publish(version=version)
    say(f"codex v{number}: {len(checkpoints)} checkpoints, {len(data.PERSONAS)} personas")

    for situation_spec in data.SITUATIONS:
        for channel in data.ALL_CHANNELS:
            _build_checklist(
                client, version, situations[situation_spec["key"]], channel, checkpoints, steps
            )
        say(f"checklists for {situation_spec['key']}: {', '.join(data.ALL_CHANNELS)}")
    return version


def _build_checklist(
    client, version, situation, channel, checkpoints, steps
) -> ChecklistVersion | None:
    """The situation's checklist in one channel: the checkpoints whose step the situation's
    process has, each item checking that step."""
    spec = next(s for s in data.SITUATIONS if s["key"] == situation.key)
    names = {
        lang: f"{situation_name} ({data.CHANNEL_NAMES[channel][lang]})"
        for lang, situation_name in spec["name"].items()
    }
    # A client who had the default before keeps its checklists: the new codex version's
    # checklist is their next version, and the versions audits are pinned to stay as they were.
    checklist, _ = Checklist.objects.get_or_create(
        client=client,
        key=f"{situation.key}-{channel}".replace("_", "-"),
        defaults={"situation_key": situation.key, "channel": channel, **_tr("name", names)},
    )
    checklist_version = ChecklistVersion.objects.create(
        checklist=checklist,
        number=(checklist.versions.aggregate(Max("number"))["number__max"] or 0) + 1,
        codex_version=version,
        situation=situation,
    )
    # The version is a fresh draft, so rows go in with bulk_create (no per-row guard needed).
    items, choices = [], []
    for position, (checkpoint_spec, checkpoint, norm) in enumerate(checkpoints):
        step = steps.get((situation.key, checkpoint_spec["step"]))
        if step is None:
            continue
        if checkpoint_spec.get("situations") and situation.key not in checkpoint_spec["situations"]:
            continue
        if not checkpoint.applies_to_channel(channel):
            continue
        item_spec = checkpoint_spec["item"]
        condition = item_spec.get("condition") or {}
        item = Item(
            checklist_version=checklist_version,
            phase=checkpoint.phase,
            step=step,
            norm=norm,
            key=checkpoint_spec["key"],
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
            business_hours=item_spec.get("business_hours", False),
            figure=item_spec.get("figure", ""),
            condition_item_key=condition.get("item", ""),
            condition_operator=condition.get("op", ""),
            condition_value=condition.get("value"),
            **_tr("text", item_spec["text"]),
        )
        items.append(item)
        for choice_position, (key, label, *points) in enumerate(item_spec.get("choices", [])):
            choices.append(
                ItemChoice(
                    item=item,
                    key=key,
                    position=choice_position,
                    points=Decimal(points[0]) if points else None,
                    **_tr("label", label),
                )
            )
    Item.objects.bulk_create(items)
    for choice in choices:
        choice.item_id = choice.item.pk
    ItemChoice.objects.bulk_create(choices)
    return checklist_version_publish(version=checklist_version)
