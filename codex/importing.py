"""Import a codex file as a new draft version: everything checked first, every problem answered
at once by sheet, row and column in the author's language, and nothing written unless all of it
is right."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from api.errors import DomainValidationError
from checklists.validation import ItemSpec, checklist_problems
from codex.constants import NormMeasure
from codex.document import SHEET, SHEETS, Column, Document, Sheet, languages, row_identity
from codex.formats import Problem, Read, read
from codex.models import (
    Checkpoint,
    CodexVersion,
    ItemTemplate,
    ItemTemplateChoice,
    Norm,
    Persona,
    Phase,
    ServiceChannel,
    Situation,
    Step,
)

KEY = re.compile(r"^[-a-zA-Z0-9_]+$")
TRUE = {"true", "yes", "y", "x", "1", "kyllä", "k", "igen", "i", "tosi", "igaz"}
FALSE = {"false", "no", "n", "0", "ei", "e", "nem", "epätosi", "hamis"}


class CodexFileInvalid(DomainValidationError):
    """The file cannot become a codex; ``problems`` says every reason, each at its place."""


def _place(problem: Problem) -> str:
    sheet = SHEET.get(problem.sheet)
    where = [str(sheet.title) if sheet else problem.sheet] if problem.sheet else []
    if problem.row is not None:
        where.append(_("row %(row)d") % {"row": problem.row})
    if problem.column:
        where.append(_column_name(sheet, problem.column) if sheet else problem.column)
    return ", ".join(where)


def _column_name(sheet: Sheet, key: str) -> str:
    for column in sheet.columns:
        if column.key == key:
            return str(column.label)
        if column.kind == "texts" and key.startswith(f"{column.key}_"):
            return f"{column.label} ({key.removeprefix(column.key + '_')})"
    return key


def as_errors(problems: list[Problem]) -> list[dict[str, Any]]:
    """The problems in the API's one error shape: ``attr`` is ``sheet.row.column``."""
    out = []
    for problem in problems:
        place = _place(problem)
        attr = ".".join(
            str(part)
            for part in (problem.sheet, problem.row, problem.column)
            if part not in (None, "")
        )
        out.append(
            {
                "code": problem.code,
                "detail": f"{place}: {problem.message}" if place else problem.message,
                "attr": attr or None,
            }
        )
    return out


class Checker:
    """Turns a read file into clean, typed rows, collecting every problem on the way."""

    def __init__(self, read_file: Read):
        self.document = read_file.document
        self.numbers = read_file.numbers
        self.problems: list[Problem] = list(read_file.problems)
        self.clean: dict[str, list[dict[str, Any]]] = {}

    def problem(self, sheet: str, index: int | None, column: str | None, code: str, message: str):
        numbers = self.numbers.get(sheet, [])
        row = numbers[index] if index is not None and index < len(numbers) else None
        self.problems.append(Problem(sheet, row, column, code, message))

    # --- one value --------------------------------------------------------------------------

    def value(self, sheet: Sheet, index: int, column: Column, raw: Any) -> Any:
        say = lambda code, message: self.problem(sheet.key, index, column.key, code, message)  # noqa: E731
        if raw is None or raw == "" or raw == []:
            if column.required:
                say("required", _("Fill this in."))
            return column.default
        kind = column.kind
        if kind in ("key", "ref"):
            text = str(raw).strip()
            if not KEY.match(text) or len(text) > 64:
                say(
                    "invalid_key",
                    _("Use letters, digits, - and _ only, at most 64 (for example greeting_time)."),
                )
                return None
            return text
        if kind == "refs":
            values = raw if isinstance(raw, list) else [raw]
            out = []
            for value in values:
                text = str(value).strip()
                if not KEY.match(text):
                    say("invalid_key", _("Separate keys with commas."))
                    return []
                out.append(text)
            return out
        if kind in ("decimal", "integer"):
            return self.number(sheet, index, column, raw)
        if kind == "boolean":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            say("invalid_boolean", _("Answer yes or no."))
            return column.default
        if kind == "choice":
            text = str(raw).strip()
            if text not in column.choices:
                say(
                    "invalid_choice",
                    _("%(value)s is not one of: %(choices)s.")
                    % {"value": text, "choices": ", ".join(column.choices)},
                )
                return column.default
            return text
        if kind == "value":
            try:
                json.dumps(raw)
            except (TypeError, ValueError):
                say("invalid_value", _("Give a number, a text, yes or no, or a list of them."))
                return None
            return raw
        text = str(raw).strip() if not isinstance(raw, str) else raw.strip()
        if column.max_length and len(text) > column.max_length:
            say(
                "too_long",
                _("Shorten this to %(length)d characters at most.") % {"length": column.max_length},
            )
        return text

    def number(self, sheet: Sheet, index: int, column: Column, raw: Any) -> Decimal | int | None:
        say = lambda code, message: self.problem(sheet.key, index, column.key, code, message)  # noqa: E731
        if isinstance(raw, bool):
            say("invalid_number", _("Give a number."))
            return None
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            say("invalid_number", _("Give a number."))
            return None
        if not number.is_finite():
            say("invalid_number", _("Give a number."))
            return None
        if column.kind == "integer" and number != number.to_integral_value():
            say("invalid_integer", _("Give a whole number."))
            return None
        if column.minimum is not None and number < column.minimum:
            say("too_small", _("Give at least %(minimum)s.") % {"minimum": column.minimum})
            return None
        if column.maximum is not None and number > column.maximum:
            say("too_large", _("Give at most %(maximum)s.") % {"maximum": column.maximum})
            return None
        return int(number) if column.kind == "integer" else number

    # --- one sheet --------------------------------------------------------------------------

    def sheet(self, sheet: Sheet) -> None:
        rows = []
        for index, raw in enumerate(self.document.rows(sheet.key)):
            row: dict[str, Any] = {}
            for column in sheet.columns:
                if column.kind == "texts":
                    row.update(self.texts(sheet, index, column, raw))
                else:
                    row[column.key] = self.value(sheet, index, column, raw.get(column.key))
            rows.append(row)
        self.clean[sheet.key] = rows
        if sheet.single:
            if len(rows) > 1:
                self.problem(sheet.key, 1, None, "one_row", _("Give one row only."))
            return
        seen: dict[tuple, int] = {}
        for index, row in enumerate(rows):
            identity = row_identity(sheet, row)
            if None in identity:
                continue
            if identity in seen:
                first = self.numbers[sheet.key][seen[identity]]
                self.problem(
                    sheet.key,
                    index,
                    "key",
                    "duplicate_key",
                    _("The key %(key)s is on row %(row)d already.")
                    % {"key": identity[-1], "row": first},
                )
            else:
                seen[identity] = index

    def texts(self, sheet: Sheet, index: int, column: Column, raw: dict) -> dict[str, str]:
        texts = {
            lang: (
                ""
                if raw.get(f"{column.key}_{lang}") is None
                else str(raw.get(f"{column.key}_{lang}")).strip()
            )
            for lang in languages()
        }
        if column.max_length:
            for lang, text in texts.items():
                if len(text) > column.max_length:
                    self.problem(
                        sheet.key,
                        index,
                        f"{column.key}_{lang}",
                        "too_long",
                        _("Shorten this to %(length)d characters at most.")
                        % {"length": column.max_length},
                    )
        if column.required or any(texts.values()):
            for lang, text in texts.items():
                if not text:
                    self.problem(
                        sheet.key,
                        index,
                        f"{column.key}_{lang}",
                        "translation_missing",
                        _("Give this text in every language (%(languages)s).")
                        % {"languages": ", ".join(languages())},
                    )
        return {f"{column.key}_{lang}": text for lang, text in texts.items()}

    # --- across sheets ----------------------------------------------------------------------

    def references(self) -> None:
        keys = {
            sheet.key: {row["key"] for row in self.clean[sheet.key] if row.get("key")}
            for sheet in SHEETS
            if "key" in sheet.identity
        }
        for sheet in SHEETS:
            for index, row in enumerate(self.clean[sheet.key]):
                for column in sheet.columns:
                    if column.kind not in ("ref", "refs") or not row.get(column.key):
                        continue
                    wanted = row[column.key] if column.kind == "refs" else [row[column.key]]
                    for key in wanted:
                        if key not in keys[column.ref]:
                            target = SHEET[column.ref]
                            self.problem(
                                sheet.key,
                                index,
                                column.key,
                                "unknown_reference",
                                _("There is no row with the key %(key)s on the sheet %(sheet)s.")
                                % {"key": key, "sheet": target.title},
                            )

    def rules(self) -> None:
        clean = self.clean
        for name in ("phases", "situations", "channels"):
            if not clean[name]:
                self.problem(name, None, None, "empty", _("Give at least one row."))
        step_keys = {row["key"] for row in clean["steps"]}
        for index, row in enumerate(clean["checkpoints"]):
            if row["step"] and row["step"] not in step_keys:
                self.problem(
                    "checkpoints",
                    index,
                    "step",
                    "unknown_step",
                    _("No situation has a step with the key %(key)s.") % {"key": row["step"]},
                )
        norm_checkpoint = {row["key"]: row["checkpoint"] for row in clean["norms"]}
        for index, row in enumerate(clean["norms"]):
            threshold, until = row["threshold_seconds"], row["partial_credit_until_seconds"]
            if row["measure"] == NormMeasure.MAX_DURATION and threshold is None:
                self.problem(
                    "norms",
                    index,
                    "threshold_seconds",
                    "threshold_missing",
                    _("A time-limit norm needs a time limit."),
                )
            if threshold is not None and until is not None and until <= threshold:
                self.problem(
                    "norms",
                    index,
                    "partial_credit_until_seconds",
                    "invalid_partial_credit",
                    _("Partial credit must end after the time limit."),
                )
        for index, row in enumerate(clean["items"]):
            norm = row["norm"]
            if norm and norm in norm_checkpoint and norm_checkpoint[norm] != row["checkpoint"]:
                self.problem(
                    "items",
                    index,
                    "norm",
                    "norm_of_other_checkpoint",
                    _("The norm %(norm)s belongs to another checkpoint.") % {"norm": norm},
                )
        self.item_rules()

    def item_rules(self) -> None:
        """What publishing asks of every checklist's items, checked once over the codex's items
        (the checklists' own check, so the two never disagree)."""
        clean = self.clean
        measures = {row["key"]: row["measure"] for row in clean["norms"]}
        choices = defaultdict(list)
        for row in clean["choices"]:
            choices[row["item"]].append(row["key"])
        specs, rows = [], {}
        for index, row in enumerate(clean["items"]):
            if not row["key"] or not row["type"]:
                continue
            rows.setdefault(row["key"], index)
            specs.append(
                ItemSpec(
                    key=row["key"],
                    type=row["type"],
                    phase_codex_version_id=0,
                    norm_codex_version_id=0 if row["norm"] else None,
                    norm_measure=measures.get(row["norm"]),
                    min_value=row["min_value"],
                    max_value=row["max_value"],
                    choice_keys=tuple(choices.get(row["key"], ())),
                    measures_loyalty=row["measures_loyalty"],
                    business_hours=row["business_hours"],
                    condition_item_key=row["condition_item"] or "",
                    condition_operator=row["condition_operator"] or "",
                    condition_value=row["condition_value"],
                    weight=row["weight"] if row["weight"] is not None else Decimal(1),
                    min_photos=row["min_photos"] or 0,
                )
            )
        columns = {"condition": "condition_item", "choices": "type", "phase": "checkpoint"}
        for problem in checklist_problems(specs, codex_version_id=0, codex_published=True):
            if problem["code"] in ("duplicate_key", "no_items"):
                continue  # said per row above; a codex may be all norms before its items
            _items, key, *rest = [*problem["attr"].split("."), None][:3]
            column = rest[0] if rest and rest[0] else "key"
            self.problem(
                "items",
                rows.get(key),
                columns.get(column, column),
                problem["code"],
                problem["detail"],
            )

    def check(self) -> dict[str, list[dict[str, Any]]]:
        for sheet in SHEETS:
            self.sheet(sheet)
        self.references()
        self.rules()
        if not self.clean["codex"]:
            self.clean["codex"] = [
                {column.key: column.default for column in SHEET["codex"].columns}
            ]
        return self.clean


def check(content: bytes) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """The file's rows, clean, and every problem found in it (none: it can be imported)."""
    read_file = read(content)
    checker = Checker(read_file)
    if checker.problems and not read_file.document.sheets:
        return {}, checker.problems  # not a codex at all: nothing more to say about it
    clean = checker.check()
    return clean, checker.problems


@transaction.atomic
def codex_import(
    *, client, content: bytes, progress: Callable[[str], None] | None = None
) -> CodexVersion:
    """A new draft version of ``client``'s codex from a file, or ``CodexFileInvalid`` listing
    every problem (and nothing written)."""
    clean, problems = check(content)
    if problems:
        raise CodexFileInvalid(
            as_errors(problems),
            ngettext(
                "The codex was not imported: %(count)d problem.",
                "The codex was not imported: %(count)d problems.",
                len(problems),
            )
            % {"count": len(problems)},
        )
    return write_draft(client=client, clean=clean, progress=progress)


def _texts(row: dict[str, Any], name: str) -> dict[str, str]:
    return {f"{name}_{lang}": row[f"{name}_{lang}"] for lang in languages()}


def write_draft(
    *, client, clean: dict[str, list[dict[str, Any]]], progress: Callable[[str], None] | None
) -> CodexVersion:
    """Write checked rows as the client's next draft version (a few bulk inserts)."""
    say = progress or (lambda message: None)
    number = (
        CodexVersion.objects.select_for_update()
        .filter(client=client)
        .aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    settings_row = clean["codex"][0]
    version = CodexVersion.objects.create(
        client=client,
        number=number,
        notes=settings_row["notes"] or "",
        critical_miss_zeroes_total=settings_row["critical_miss_zeroes_total"],
    )
    ServiceChannel.objects.bulk_create(
        ServiceChannel(
            codex_version=version,
            key=row["key"],
            position=position,
            **_texts(row, "name"),
            **_texts(row, "label"),
        )
        for position, row in enumerate(clean["channels"])
    )
    phases = {
        phase.key: phase
        for phase in Phase.objects.bulk_create(
            Phase(
                codex_version=version,
                key=row["key"],
                position=position,
                weight=row["weight"],
                **_texts(row, "name"),
                **_texts(row, "goal"),
                **_texts(row, "effect"),
            )
            for position, row in enumerate(clean["phases"])
        )
    }
    situations = {
        situation.key: situation
        for situation in Situation.objects.bulk_create(
            Situation(
                codex_version=version,
                key=row["key"],
                position=position,
                direction=row["direction"],
                **_texts(row, "name"),
                **_texts(row, "description"),
            )
            for position, row in enumerate(clean["situations"])
        )
    }
    positions: dict[str, int] = defaultdict(int)
    steps = []
    for row in clean["steps"]:
        steps.append(
            Step(
                situation=situations[row["situation"]],
                phase=phases[row["phase"]],
                key=row["key"],
                position=positions[row["situation"]],
                **_texts(row, "name"),
                **_texts(row, "goal"),
                **_texts(row, "effect"),
            )
        )
        positions[row["situation"]] += 1
    Step.objects.bulk_create(steps)
    say(
        _("%(phases)d phases, %(situations)d situations, %(steps)d steps")
        % {"phases": len(phases), "situations": len(situations), "steps": len(steps)}
    )
    checkpoints = {
        checkpoint.key: checkpoint
        for checkpoint in Checkpoint.objects.bulk_create(
            Checkpoint(
                codex_version=version,
                key=row["key"],
                position=position,
                phase=phases[row["phase"]],
                step_key=row["step"] or "",
                channels=row["channels"],
                **_texts(row, "name"),
                **_texts(row, "description"),
            )
            for position, row in enumerate(clean["checkpoints"])
        )
    }
    Checkpoint.situations.through.objects.bulk_create(
        Checkpoint.situations.through(checkpoint=checkpoints[row["key"]], situation=situations[key])
        for row in clean["checkpoints"]
        for key in row["situations"]
    )
    norms = {
        norm.key: norm
        for norm in Norm.objects.bulk_create(
            Norm(
                codex_version=version,
                key=row["key"],
                position=position,
                checkpoint=checkpoints[row["checkpoint"]],
                measure=row["measure"],
                threshold_seconds=row["threshold_seconds"],
                display_unit=row["display_unit"],
                partial_credit_until_seconds=row["partial_credit_until_seconds"],
                target_rate=row["target_rate"],
                basis=row["basis"],
                target_basis=row["target_basis"],
                source=row["source"] or "",
                **_texts(row, "rule"),
            )
            for position, row in enumerate(clean["norms"])
        )
    }
    items = {
        item.key: item
        for item in ItemTemplate.objects.bulk_create(
            ItemTemplate(
                codex_version=version,
                key=row["key"],
                position=position,
                checkpoint=checkpoints[row["checkpoint"]],
                norm=norms.get(row["norm"]),
                type=row["type"],
                weight=row["weight"],
                critical=row["critical"],
                allow_na=row["allow_na"],
                required=row["required"],
                min_photos=row["min_photos"],
                min_value=row["min_value"],
                max_value=row["max_value"],
                business_hours=row["business_hours"],
                measures_loyalty=row["measures_loyalty"],
                figure=row["figure"] or "",
                condition_item_key=row["condition_item"] or "",
                condition_operator=row["condition_operator"] or "",
                condition_value=row["condition_value"],
                **_texts(row, "text"),
                **_texts(row, "help"),
            )
            for position, row in enumerate(clean["items"])
        )
    }
    positions = defaultdict(int)
    choices = []
    for row in clean["choices"]:
        choices.append(
            ItemTemplateChoice(
                item=items[row["item"]],
                key=row["key"],
                position=positions[row["item"]],
                points=row["points"],
                **_texts(row, "label"),
            )
        )
        positions[row["item"]] += 1
    ItemTemplateChoice.objects.bulk_create(choices)
    Persona.objects.bulk_create(
        Persona(
            codex_version=version,
            key=row["key"],
            position=position,
            **{
                name: row[name] or ""
                for name in ("age_band", "gender", "language", "expertise", "temper")
            },
            **_texts(row, "name"),
            **_texts(row, "description"),
        )
        for position, row in enumerate(clean["personas"])
    )
    say(
        _("%(checkpoints)d checkpoints, %(norms)d norms, %(items)d items, %(personas)d personas")
        % {
            "checkpoints": len(checkpoints),
            "norms": len(norms),
            "items": len(items),
            "personas": len(clean["personas"]),
        }
    )
    return version


def document_problems(document: Document) -> list[Problem]:
    """A document's problems, for one already in memory (tests, the default codex)."""
    checker = Checker(
        Read(document, {k: list(range(1, len(v) + 1)) for k, v in document.sheets.items()})
    )
    checker.check()
    return checker.problems
