"""What changed between two versions of a codex, as a person reads it: rows added and removed,
texts reworded (in which languages), and values changed from one to the other (a norm's target,
an item's weight). Rows are matched by their keys, so a reworded text is a change, not a row
removed and another added."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from codex.document import SHEETS, Column, Document, Sheet, languages, row_identity


@dataclass(frozen=True)
class Change:
    sheet: str
    key: str
    change: str  # added, removed, reworded, changed
    column: str | None = None
    languages: tuple[str, ...] = ()
    before: Any = None
    after: Any = None
    summary: str = ""


def _name(sheet: Sheet, row: dict[str, Any]) -> str:
    """The row as a person names it: its text in the reader's language, else its key."""
    if sheet.shown_by:
        language = (get_language() or "en")[:2]
        for lang in (language, "en"):
            text = row.get(f"{sheet.shown_by}_{lang}")
            if text:
                return f"“{text}”"
    return "/".join(str(part) for part in row_identity(sheet, row))


def _shown(value: Any, column: Column | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if column is not None and column.labels:
        return str(dict(column.labels).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    if isinstance(value, float | Decimal):
        return f"{Decimal(str(value)).normalize():f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    return str(value)


def _same(first: Any, second: Any) -> bool:
    numbers = int | float | Decimal
    if (
        isinstance(first, numbers)
        and isinstance(second, numbers)
        and not isinstance(first, bool)
        and not isinstance(second, bool)
    ):
        return Decimal(str(first)) == Decimal(str(second))
    return first == second


def codex_diff(before: Document, after: Document) -> list[Change]:
    """Every change from ``before`` to ``after``, sheet by sheet in the format's order."""
    changes: list[Change] = []
    for sheet in SHEETS:
        old = {row_identity(sheet, row): row for row in before.rows(sheet.key)}
        new = {row_identity(sheet, row): row for row in after.rows(sheet.key)}
        noun = capfirst(str(sheet.noun))
        for identity, row in new.items():
            key = "/".join(str(part) for part in identity)
            if identity not in old:
                changes.append(
                    Change(
                        sheet.key,
                        key,
                        "added",
                        summary=_("%(kind)s added: %(name)s")
                        % {"kind": noun, "name": _name(sheet, row)},
                    )
                )
                continue
            changes.extend(_row_changes(sheet, key, noun, old[identity], row))
        for identity, row in old.items():
            if identity not in new:
                changes.append(
                    Change(
                        sheet.key,
                        "/".join(str(part) for part in identity),
                        "removed",
                        summary=_("%(kind)s removed: %(name)s")
                        % {"kind": noun, "name": _name(sheet, row)},
                    )
                )
    return changes


def _row_changes(sheet: Sheet, key: str, noun: str, old: dict, new: dict) -> list[Change]:
    changes = []
    what = f"{noun} {_name(sheet, new)}" if sheet.identity else noun
    for column in sheet.columns:
        if column.kind == "texts":
            reworded = tuple(
                lang
                for lang in languages()
                if (old.get(f"{column.key}_{lang}") or "")
                != (new.get(f"{column.key}_{lang}") or "")
            )
            if reworded:
                changes.append(
                    Change(
                        sheet.key,
                        key,
                        "reworded",
                        column.key,
                        reworded,
                        summary=_("%(what)s: %(column)s reworded (%(languages)s)")
                        % {
                            "what": what,
                            "column": str(column.label).lower(),
                            "languages": ", ".join(reworded),
                        },
                    )
                )
            continue
        before, after = old.get(column.key), new.get(column.key)
        if not _same(before, after):
            changes.append(
                Change(
                    sheet.key,
                    key,
                    "changed",
                    column.key,
                    (),
                    before,
                    after,
                    summary=_("%(what)s: %(column)s changed from %(before)s to %(after)s")
                    % {
                        "what": what,
                        "column": str(column.label).lower(),
                        "before": _shown(before, column),
                        "after": _shown(after, column),
                    },
                )
            )
    return changes
