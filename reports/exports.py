"""Exports of audits and answers as rows: streamed from a database cursor in chunks, so memory
does not grow with the number of rows. No column names or describes the auditor.

An export is in the reader's language: its title, its column labels, its yes and no, channel
and loyalty names, the codex's words (situations, personas, phases, questions, norms and answer
choices). The codex's keys are in columns of their own, labelled "(code)", for programs that join
exports across languages. The XLSX has real numbers, dates and booleans with
formats, a title row, a frozen header with a filter, and set column widths; the CSV is plain
UTF-8, or with a byte-order mark and formula-safe text when asked for Excel (``bom``)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.models import Answer
from checklists.models import ItemChoice
from codex.selectors import readable_language, text_in
from reports.labels import DECIMAL_COMMA, channel_name, rung_name
from scoring.models import AuditScore

CHUNK = 2000

# How a column's values are written. TEXT: as they are; NUMBER: a count or an id; SHARE: a
# score from 0 to 1 (a percentage in Excel); DAY: a local date; MOMENT: a UTC date and time;
# FLAG: yes or no; VALUE: an answer's value (a number, yes/no, a choice or several); CHANNEL
# and RUNG: a key shown by its name in the reader's language.
TEXT, NUMBER, SHARE, DAY, MOMENT, FLAG, VALUE, CHANNEL, RUNG = (
    "text", "number", "share", "day", "moment", "flag", "value", "channel", "rung"
)  # fmt: skip


def code(label: Promise) -> Promise:
    """The label of a column of codex keys: "Situation (code)"."""
    return format_lazy("{} ({})", label, _("code"))


@dataclass(frozen=True)
class Column:
    field: str
    label: Promise
    kind: str = TEXT
    width: int = 14  # in Excel's characters


@dataclass
class Export:
    """An export's title (its sheet's name), columns and rows (tuples of the columns' fields),
    in ``language``."""

    title: str
    columns: list[Column]
    rows: Iterator[tuple]
    language: str


AUDIT_COLUMNS = [
    Column("audit_id", _("Audit"), NUMBER, 8),
    Column("client__name", _("Client"), TEXT, 20),
    Column("region__name", _("Region"), TEXT, 16),
    Column("location__name", _("Location"), TEXT, 24),
    Column("situation_name", _("Situation"), TEXT, 22),
    Column("channel", _("Channel"), CHANNEL, 12),
    Column("persona_name", _("Persona"), TEXT, 18),
    # The local date is what periods count by; the moment is in UTC.
    Column("visited_on", _("Visited on"), DAY, 12),
    Column("visited_at", _("Visited at (UTC)"), MOMENT, 17),
    Column("audit__approved_at", _("Approved at (UTC)"), MOMENT, 17),
    Column("total", _("Score"), SHARE, 9),
    Column("raw_total", _("Score before knock-out"), SHARE, 12),
    Column("failed", _("Failed"), FLAG, 9),
    Column("loyalty", _("Loyalty"), RUNG, 14),
    Column("situation", code(_("Situation")), TEXT, 18),
    Column("persona", code(_("Persona")), TEXT, 14),
]

ANSWER_COLUMNS = [
    Column("audit_id", _("Audit"), NUMBER, 8),
    Column("location_name", _("Location"), TEXT, 24),
    Column("visited_on", _("Visited on"), DAY, 12),
    Column("visited_at", _("Visited at (UTC)"), MOMENT, 17),
    Column("phase_name", _("Phase"), TEXT, 18),
    Column("question", _("Question"), TEXT, 50),
    Column("norm_rule", _("Norm"), TEXT, 40),
    Column("value", _("Answer"), VALUE, 12),
    Column("is_na", _("Not applicable"), FLAG, 10),
    Column("never", _("Did not happen"), FLAG, 10),
    # A duration answered as two moments (sent and replied): the value is computed from them.
    Column("started_at", _("Started at (UTC)"), MOMENT, 17),
    Column("ended_at", _("Ended at (UTC)"), MOMENT, 17),
    Column("comment", _("Comment"), TEXT, 40),
    Column("item__phase__key", code(_("Phase")), TEXT, 14),
    Column("item__key", code(_("Item")), TEXT, 22),
    Column("item__norm__key", code(_("Norm")), TEXT, 20),
]


def audit_export(scores: QuerySet[AuditScore], language: str) -> Export:
    shown = readable_language(language)
    rows = (
        scores.order_by("visited_at", "audit_id")
        .annotate(
            situation_name=text_in("audit__assignment__checklist_version__situation__name", shown),
            persona_name=text_in("audit__assignment__persona__name", shown),
        )
        .values_list(*[column.field for column in AUDIT_COLUMNS])
        .iterator(chunk_size=CHUNK)
    )
    with translation.override(language):
        title = gettext("Audits")
    return Export(title, AUDIT_COLUMNS, rows, language)


def answer_export(scores: QuerySet[AuditScore], language: str) -> Export:
    """One row per answer of each audit's current (approved) revision, its question, phase,
    norm and chosen answers in the reader's language (English where the codex has no
    translation)."""
    language = readable_language(language)
    answers = (
        Answer.objects.filter(submission__audit__score__in=scores.values("pk"))
        .filter(submission__audit__current_submission=F("submission"))
        .annotate(
            audit_id=F("submission__audit_id"),
            location_name=F("submission__audit__score__location__name"),
            visited_on=F("submission__audit__score__visited_on"),
            visited_at=F("submission__audit__score__visited_at"),
            question=text_in("item__text", language),
            phase_name=text_in("item__phase__name", language),
            norm_rule=text_in("item__norm__rule", language),
        )
        .order_by("submission__audit_id", "item__phase__position", "item__position", "item_id")
    )
    rows = answers.values_list(*[column.field for column in ANSWER_COLUMNS], "item_id").iterator(
        chunk_size=CHUNK
    )
    labels = dict(
        ((item, key), label)
        for item, key, label in ItemChoice.objects.filter(
            item__checklist_version__in=scores.values(
                "audit__assignment__checklist_version"
            ).distinct()
        )
        .annotate(shown=text_in("label", language))
        .values_list("item_id", "key", "shown")
    )
    with translation.override(language):
        title = gettext("Answers")
    return Export(title, ANSWER_COLUMNS, _chosen(rows, labels), language)


VALUE_AT = [column.field for column in ANSWER_COLUMNS].index("value")


def _chosen(rows: Iterator[tuple], labels: dict[tuple[int, str], str]) -> Iterator[tuple]:
    """Answer rows with a chosen answer's key replaced by its label (``labels`` by item and
    key), and without the item's id that came last for it."""
    for *cells, item_id in rows:
        value = cells[VALUE_AT]
        if isinstance(value, str):
            cells[VALUE_AT] = labels.get((item_id, value), value)
        elif isinstance(value, list):
            cells[VALUE_AT] = [labels.get((item_id, choice), choice) for choice in value]
        yield tuple(cells)


DATASETS = {"audits": audit_export, "answers": answer_export}


class _Words:
    """The few words an export writes in its cells, in its language, looked up once."""

    def __init__(self, language: str, excel: bool = False) -> None:
        with translation.override(language):
            self.yes, self.no = gettext("yes"), gettext("no")
        self.language = language
        # For Excel: moments as it reads them (to the second), and decimal commas where the
        # language writes them.
        self.excel = excel
        self.comma = excel and language in DECIMAL_COMMA

    def text(self, kind: str, value: Any) -> Any:
        """A value as CSV shows it."""
        if value is None or value == "":
            return ""
        if kind == FLAG or isinstance(value, bool):
            return self.yes if value else self.no
        if kind == CHANNEL:
            return channel_name(value, self.language)
        if kind == RUNG:
            return rung_name(value, self.language)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        if isinstance(value, datetime):
            if self.excel:
                return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            return value.astimezone(UTC).isoformat()
        if self.comma and isinstance(value, float | Decimal):
            return str(value).replace(".", ",")
        if isinstance(value, date):
            return value.isoformat()
        return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


# Text that a spreadsheet would read as a formula (CSV injection): quoted with an apostrophe in
# every CSV, since whoever opens a plain one may open it in a spreadsheet too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(export: Export, excel: bool = False) -> Iterator[str]:
    """The export as CSV lines; text that starts like a formula is quoted with an apostrophe
    (numbers are numbers, so a negative one is left alone). For Excel (``excel``): a UTF-8
    byte-order mark first, so Excel reads the letters right, and in a language that writes a
    decimal comma (Finnish, Hungarian), semicolons between the cells and decimal commas, as
    Excel set to that language reads a CSV file."""
    words = _Words(export.language, excel)
    writer = csv.writer(_Echo(), delimiter=";" if words.comma else ",")
    kinds = [column.kind for column in export.columns]
    with translation.override(export.language):
        header = writer.writerow([str(column.label) for column in export.columns])
    yield ("\ufeff" + header) if excel else header
    for row in export.rows:
        cells = [words.text(kind, value) for kind, value in zip(kinds, row, strict=True)]
        yield writer.writerow(
            [
                f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                for cell in cells
            ]
        )


# Excel opens at most this many rows per sheet (the title and header included); longer exports
# go on to further sheets, each with the title and header, rather than losing rows.
XLSX_MAX_ROWS = 1_048_576
# Above the header: the sheet's title.
HEADER_ROW = 1


class _Sheets:
    """The workbook's sheets, each with its title row, a frozen header with a filter, and the
    columns' widths and formats; a new one when a sheet is full."""

    def __init__(self, workbook, export: Export, formats: dict) -> None:
        self.workbook, self.export, self.formats = workbook, export, formats
        self.sheet, self.count, self.row = None, 0, XLSX_MAX_ROWS
        with translation.override(export.language):
            self.header = [str(column.label) for column in export.columns]
            self.made = gettext("made %(day)s") % {"day": timezone.localdate().isoformat()}

    def next_row(self):
        if self.sheet is None or self.row == XLSX_MAX_ROWS:
            self.open()
        self.row += 1
        return self.sheet, self.row - 1

    def open(self):
        """The next sheet, with its title, header, widths and formats."""
        self.close()
        self.count += 1
        title = self.export.title if self.count == 1 else f"{self.export.title} {self.count}"
        self.sheet = self.workbook.add_worksheet(title[:31])
        for index, column in enumerate(self.export.columns):
            self.sheet.set_column(index, index, column.width, self.formats.get(column.kind))
        self.sheet.freeze_panes(HEADER_ROW + 1, 0)
        self.sheet.write_string(0, 0, f"{title} ({self.made})", self.formats["title"])
        self.sheet.write_row(HEADER_ROW, 0, self.header, self.formats["header"])
        self.row = HEADER_ROW + 1

    def close(self):
        """The filter over the header and the rows written (set once a sheet is done)."""
        if self.sheet is not None:
            self.sheet.autofilter(HEADER_ROW, 0, self.row - 1, len(self.export.columns) - 1)


def xlsx_file(export: Export) -> IO[bytes]:
    """Write the export to a temporary XLSX file in constant memory; the caller streams it."""
    # Handed to the response, which closes (and so deletes) it when the download ends.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "remove_timezone": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": export.title})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
        SHARE: workbook.add_format({"num_format": "0.0%"}),
        DAY: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        MOMENT: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    words = _Words(export.language)
    sheets = _Sheets(workbook, export, formats)
    kinds = [column.kind for column in export.columns]
    for row in export.rows:
        sheet, index = sheets.next_row()
        for position, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            _write(sheet, index, position, kind, value, formats, words)
    if sheets.sheet is None:  # no rows: the title and the header alone
        sheets.open()
    sheets.close()
    workbook.close()
    handle.seek(0)
    return handle


def _write(sheet, row: int, column: int, kind: str, value, formats, words: _Words) -> None:
    if value is None or value == "":
        return  # an empty cell, not an empty string
    if kind == FLAG or isinstance(value, bool):
        sheet.write_boolean(row, column, bool(value))
    elif kind in (SHARE, NUMBER) or (kind == VALUE and isinstance(value, int | float)):
        sheet.write_number(row, column, value, formats.get(kind))
    elif kind == MOMENT:
        sheet.write_datetime(row, column, value.astimezone(UTC), formats[MOMENT])
    elif kind == DAY:
        sheet.write_datetime(row, column, value, formats[DAY])
    else:
        sheet.write_string(row, column, str(words.text(kind, value)))
