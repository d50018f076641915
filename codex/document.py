"""A codex as a document its owners edit: the sheets of a spreadsheet, or one YAML file.

One shape, two files. A *document* is a dict of sheets, each a list of rows; a row maps a
column's key to a plain value (text, number, yes/no, a list of keys, or, for a text in the three
languages, one column per language: ``name_en``, ``name_fi``, ``name_hu``). ``codex.importing``
reads either file into this shape, checks it whole and writes a draft version; ``export_document``
gives a version back in the same shape, so a version exported and imported again is the same
version.

``SHEETS`` is the one description of the format: the spreadsheet's sheets and headings (in the
reader's language), the YAML's keys, the import's checks and the diff's words all come from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from checklists.constants import ConditionOperator, ItemFigure, ItemType
from codex.constants import (
    AgeBand,
    Direction,
    DurationUnit,
    Expertise,
    Gender,
    NormBasis,
    NormMeasure,
    Temper,
)

FORMAT = "codex-audit/codex"
FORMAT_VERSION = 1


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``kind``: ``key`` (a slug), ``text`` (plain text), ``texts`` (one column per language),
    ``decimal``, ``integer``, ``boolean``, ``choice`` (one of ``choices``), ``ref`` (the key of
    a row of sheet ``ref``), ``refs`` (a list of such keys), ``value`` (any YAML value).
    """

    key: str
    label: Promise
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    # A choice column's values with the words a person reads for them.
    labels: tuple[tuple[str, Promise], ...] = ()
    ref: str = ""
    default: Any = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    # The longest text the database column holds (None: a text of any length).
    max_length: int | None = None


@dataclass(frozen=True)
class Sheet:
    key: str
    title: Promise
    # What a row is called in a sentence ("the norm 'Every customer is greeted'").
    noun: Promise
    columns: tuple[Column, ...]
    # The columns that name a row: its identity within the document.
    identity: tuple[str, ...] = ("key",)
    # The translated column whose text names a row for a person (never its key).
    shown_by: str = "name"
    single: bool = False

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def texts(self) -> list[Column]:
        return [column for column in self.columns if column.kind == "texts"]


ZERO, ONE = Decimal(0), Decimal(1)


def _choices(enum) -> dict[str, tuple]:
    """A choice column's values and their words, from a model's choices."""
    return {"choices": tuple(enum.values), "labels": tuple(enum.choices)}


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "codex",
        _("Codex"),
        _("the codex"),
        (
            Column(
                "critical_miss_zeroes_total",
                _("A critical miss zeroes the total"),
                "boolean",
                default=True,
            ),
            Column("notes", _("Notes")),
        ),
        identity=(),
        shown_by="",
        single=True,
    ),
    Sheet(
        "channels",
        _("Channels"),
        _("channel"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("name", _("Name"), "texts", required=True, max_length=100),
            Column("label", _("In a checklist's name"), "texts", required=True, max_length=100),
        ),
    ),
    Sheet(
        "phases",
        _("Phases"),
        _("phase"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("name", _("Name"), "texts", required=True, max_length=200),
            Column("goal", _("Goal"), "texts"),
            Column("effect", _("Effect on the customer"), "texts"),
            Column("weight", _("Weight"), "decimal", default=ONE, minimum=ZERO),
        ),
    ),
    Sheet(
        "situations",
        _("Situations"),
        _("situation"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("name", _("Name"), "texts", required=True, max_length=200),
            Column("description", _("Description"), "texts"),
            Column(
                "direction",
                _("Who starts the contact"),
                "choice",
                required=True,
                **_choices(Direction),
                default=Direction.INBOUND,
            ),
        ),
    ),
    Sheet(
        "steps",
        _("Steps"),
        _("step"),
        (
            Column("situation", _("Situation"), "ref", required=True, ref="situations"),
            Column("key", _("Key"), "key", required=True),
            Column("phase", _("Phase"), "ref", required=True, ref="phases"),
            Column("name", _("Name"), "texts", max_length=200),
            Column("goal", _("Goal"), "texts", required=True),
            Column("effect", _("Effect on the customer"), "texts"),
        ),
        identity=("situation", "key"),
        shown_by="goal",
    ),
    Sheet(
        "checkpoints",
        _("Checkpoints"),
        _("checkpoint"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("phase", _("Phase"), "ref", required=True, ref="phases"),
            # Empty: the checkpoint is of its phase as a whole, in every situation with a step
            # in that phase (as the expectation items are).
            Column("step", _("Step"), "key"),
            Column("name", _("Name"), "texts", required=True, max_length=200),
            Column("description", _("Description"), "texts"),
            Column("situations", _("Only in situations"), "refs", ref="situations", default=[]),
            Column("channels", _("Only in channels"), "refs", ref="channels", default=[]),
        ),
    ),
    Sheet(
        "norms",
        _("Norms"),
        _("norm"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("checkpoint", _("Checkpoint"), "ref", required=True, ref="checkpoints"),
            Column("rule", _("Rule"), "texts", required=True),
            Column("measure", _("Measured as"), "choice", required=True, **_choices(NormMeasure)),
            Column("threshold_seconds", _("Time limit (seconds)"), "decimal", minimum=ZERO),
            Column(
                "display_unit",
                _("Shown in"),
                "choice",
                **_choices(DurationUnit),
                default=DurationUnit.SECONDS,
            ),
            Column(
                "partial_credit_until_seconds",
                _("Partial credit until (seconds)"),
                "decimal",
                minimum=ZERO,
            ),
            Column(
                "target_rate",
                _("Target share of visits"),
                "decimal",
                default=ONE,
                minimum=ZERO,
                maximum=ONE,
            ),
            Column(
                "basis",
                _("Where the behaviour comes from"),
                "choice",
                required=True,
                **_choices(NormBasis),
            ),
            Column(
                "target_basis",
                _("Where the target comes from"),
                "choice",
                required=True,
                **_choices(NormBasis),
            ),
            Column("source", _("Source"), max_length=200),
        ),
        shown_by="rule",
    ),
    Sheet(
        "items",
        _("Items"),
        _("item"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("checkpoint", _("Checkpoint"), "ref", required=True, ref="checkpoints"),
            Column("norm", _("Norm"), "ref", ref="norms"),
            Column("type", _("Type"), "choice", required=True, **_choices(ItemType)),
            Column("text", _("Question"), "texts", required=True, max_length=500),
            Column("help", _("Guidance for the auditor"), "texts"),
            Column("weight", _("Weight"), "decimal", default=ONE, minimum=ZERO),
            Column("critical", _("Critical"), "boolean", default=False),
            Column("allow_na", _("May be answered N/A"), "boolean", default=False),
            Column("required", _("Required"), "boolean", default=True),
            Column("min_photos", _("Photos at least"), "integer", default=0, minimum=ZERO),
            Column("min_value", _("Lower bound"), "decimal"),
            Column("max_value", _("Upper bound"), "decimal"),
            Column("business_hours", _("Counts business hours"), "boolean", default=False),
            Column("measures_loyalty", _("Loyalty question"), "boolean", default=False),
            Column("figure", _("Visit outcome"), "choice", **_choices(ItemFigure), default=""),
            Column("condition_item", _("Shown when item"), "ref", ref="items"),
            Column(
                "condition_operator",
                _("Condition"),
                "choice",
                **_choices(ConditionOperator),
                default="",
            ),
            Column("condition_value", _("Condition value"), "value"),
        ),
        shown_by="text",
    ),
    Sheet(
        "choices",
        _("Choices"),
        _("choice"),
        (
            Column("item", _("Item"), "ref", required=True, ref="items"),
            Column("key", _("Key"), "key", required=True),
            Column("label", _("Label"), "texts", required=True, max_length=200),
            Column("points", _("Points"), "decimal"),
        ),
        identity=("item", "key"),
        shown_by="label",
    ),
    Sheet(
        "personas",
        _("Personas"),
        _("persona"),
        (
            Column("key", _("Key"), "key", required=True),
            Column("name", _("Name"), "texts", required=True, max_length=200),
            Column("description", _("Description"), "texts"),
            Column("age_band", _("Age"), "choice", **_choices(AgeBand), default=""),
            Column("gender", _("Gender"), "choice", **_choices(Gender), default=""),
            Column("language", _("Language"), "text", default="", max_length=8),
            Column("expertise", _("Expertise"), "choice", **_choices(Expertise), default=""),
            Column("temper", _("Temper"), "choice", **_choices(Temper), default=""),
        ),
    ),
)
SHEET = {sheet.key: sheet for sheet in SHEETS}


def row_identity(sheet: Sheet, row: dict[str, Any]) -> tuple:
    return tuple(row.get(key) for key in sheet.identity)


@dataclass
class Document:
    """A codex in the document shape: ``sheets[key]`` is a list of rows."""

    sheets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def rows(self, key: str) -> list[dict[str, Any]]:
        return self.sheets.get(key, [])


# --- from a version ------------------------------------------------------------------------


def _texts(obj, name: str) -> dict[str, str]:
    return {f"{name}_{lang}": getattr(obj, f"{name}_{lang}") or "" for lang in languages()}


def _number(value: Decimal | None):
    """A stored decimal as the plain number a person wrote: 2, 0.9, 1.5."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def export_document(version) -> Document:
    """The version in the document shape, its rows in their order."""
    from codex.models import ItemTemplateChoice

    phases = list(version.phases.all())
    phase_keys = {phase.pk: phase.key for phase in phases}
    situations = list(version.situations.prefetch_related("steps"))
    situation_keys = {situation.pk: situation.key for situation in situations}
    checkpoints = list(version.checkpoints.prefetch_related("situations"))
    checkpoint_keys = {checkpoint.pk: checkpoint.key for checkpoint in checkpoints}
    norms = list(version.norms.all())
    norm_keys = {norm.pk: norm.key for norm in norms}
    items = list(version.item_templates.all())
    item_keys = {item.pk: item.key for item in items}
    choices = ItemTemplateChoice.objects.filter(item__codex_version=version).order_by(
        "item__position", "item_id", "position", "id"
    )
    sheets = {
        "codex": [
            {
                "critical_miss_zeroes_total": version.critical_miss_zeroes_total,
                "notes": version.notes,
            }
        ],
        "channels": [
            {"key": channel.key, **_texts(channel, "name"), **_texts(channel, "label")}
            for channel in version.channels.all()
        ],
        "phases": [
            {
                "key": phase.key,
                **_texts(phase, "name"),
                **_texts(phase, "goal"),
                **_texts(phase, "effect"),
                "weight": _number(phase.weight),
            }
            for phase in phases
        ],
        "situations": [
            {
                "key": situation.key,
                **_texts(situation, "name"),
                **_texts(situation, "description"),
                "direction": situation.direction,
            }
            for situation in situations
        ],
        "steps": [
            {
                "situation": situation.key,
                "key": step.key,
                "phase": phase_keys[step.phase_id],
                **_texts(step, "name"),
                **_texts(step, "goal"),
                **_texts(step, "effect"),
            }
            for situation in situations
            for step in situation.steps.all()
        ],
        "checkpoints": [
            {
                "key": checkpoint.key,
                "phase": phase_keys[checkpoint.phase_id],
                "step": checkpoint.step_key,
                **_texts(checkpoint, "name"),
                **_texts(checkpoint, "description"),
                "situations": sorted(
                    (s.key for s in checkpoint.situations.all()),
                    key=list(situation_keys.values()).index,
                ),
                "channels": list(checkpoint.channels),
            }
            for checkpoint in checkpoints
        ],
        "norms": [
            {
                "key": norm.key,
                "checkpoint": checkpoint_keys[norm.checkpoint_id],
                **_texts(norm, "rule"),
                "measure": norm.measure,
                "threshold_seconds": _number(norm.threshold_seconds),
                "display_unit": norm.display_unit,
                "partial_credit_until_seconds": _number(norm.partial_credit_until_seconds),
                "target_rate": _number(norm.target_rate),
                "basis": norm.basis,
                "target_basis": norm.target_basis,
                "source": norm.source,
            }
            for norm in norms
        ],
        "items": [
            {
                "key": item.key,
                "checkpoint": checkpoint_keys[item.checkpoint_id],
                "norm": norm_keys.get(item.norm_id),
                "type": item.type,
                **_texts(item, "text"),
                **_texts(item, "help"),
                "weight": _number(item.weight),
                "critical": item.critical,
                "allow_na": item.allow_na,
                "required": item.required,
                "min_photos": item.min_photos,
                "min_value": _number(item.min_value),
                "max_value": _number(item.max_value),
                "business_hours": item.business_hours,
                "measures_loyalty": item.measures_loyalty,
                "figure": item.figure,
                "condition_item": item.condition_item_key or None,
                "condition_operator": item.condition_operator,
                "condition_value": item.condition_value,
            }
            for item in items
        ],
        "choices": [
            {
                "item": item_keys[choice.item_id],
                "key": choice.key,
                **_texts(choice, "label"),
                "points": _number(choice.points),
            }
            for choice in choices
        ],
        "personas": [
            {
                "key": persona.key,
                **_texts(persona, "name"),
                **_texts(persona, "description"),
                **{
                    name: getattr(persona, name)
                    for name in ("age_band", "gender", "language", "expertise", "temper")
                },
            }
            for persona in version.personas.all()
        ],
    }
    return Document(sheets)
