"""Exports of audits and answers as rows: streamed from a database cursor in chunks, so memory
does not grow with the number of rows. No column names or describes the auditor."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

import xlsxwriter
from django.db.models import F, QuerySet

from audits.models import Answer
from scoring.models import AuditScore

CHUNK = 2000

AUDIT_COLUMNS = [
    ("audit", "audit_id"),
    ("client", "client__name"),
    ("region", "region__name"),
    ("location", "location__name"),
    ("situation", "situation"),
    ("channel", "channel"),
    ("persona", "persona"),
    # The local date is what periods count by; visited_at is the moment, in UTC.
    ("visited_on", "visited_on"),
    ("visited_at", "visited_at"),
    ("approved_at", "audit__approved_at"),
    ("score", "total"),
    ("score_before_knockout", "raw_total"),
    ("failed", "failed"),
    ("loyalty", "loyalty"),
]

ANSWER_COLUMNS = [
    ("audit", "audit_id"),
    ("location", "location_name"),
    ("visited_on", "visited_on"),
    ("visited_at", "visited_at"),
    ("phase", "item__phase__key"),
    ("item", "item__key"),
    ("question", "item__text"),
    ("norm", "item__norm__key"),
    ("value", "value"),
    ("na", "is_na"),
    ("did_not_happen", "never"),
    # A duration answered as two moments (sent and replied): the value is computed from them.
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    ("comment", "comment"),
]


def audit_rows(scores: QuerySet[AuditScore]) -> Iterator[tuple]:
    fields = [field for _, field in AUDIT_COLUMNS]
    yield tuple(name for name, _ in AUDIT_COLUMNS)
    yield from (
        scores.order_by("visited_at", "audit_id").values_list(*fields).iterator(chunk_size=CHUNK)
    )


def answer_rows(scores: QuerySet[AuditScore]) -> Iterator[tuple]:
    """One row per answer of each audit's current (approved) revision."""
    answers = (
        Answer.objects.filter(submission__audit__score__in=scores.values("pk"))
        .filter(submission__audit__current_submission=F("submission"))
        .annotate(
            audit_id=F("submission__audit_id"),
            location_name=F("submission__audit__score__location__name"),
            visited_on=F("submission__audit__score__visited_on"),
            visited_at=F("submission__audit__score__visited_at"),
        )
        .order_by("submission__audit_id", "item__phase__position", "item__position", "item_id")
    )
    yield tuple(name for name, _ in ANSWER_COLUMNS)
    yield from answers.values_list(*[field for _, field in ANSWER_COLUMNS]).iterator(
        chunk_size=CHUNK
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


# Excel opens at most this many rows per sheet (the header included); longer exports go on
# to further sheets, each with the header, rather than losing rows.
XLSX_MAX_ROWS = 1_048_576


def xlsx_file(rows: Iterable[tuple], sheet: str) -> IO[bytes]:
    """Write the rows to a temporary XLSX file in constant memory; the caller streams it. The
    first row is the header; past Excel's row limit the rows go on in "<sheet> 2" and so on."""
    # Handed to the response, which closes (and so deletes) it when the download ends.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "remove_timezone": True, "in_memory": False}
    )
    bold = workbook.add_format({"bold": True})
    rows = iter(rows)
    header = [_cell(value) for value in next(rows)]
    worksheet, index, sheets = None, XLSX_MAX_ROWS, 0
    for row in rows:
        if index == XLSX_MAX_ROWS:
            sheets += 1
            worksheet = workbook.add_worksheet(sheet if sheets == 1 else f"{sheet} {sheets}")
            worksheet.write_row(0, 0, header, bold)
            index = 1
        worksheet.write_row(index, 0, [_cell(value) for value in row])
        index += 1
    if worksheet is None:
        workbook.add_worksheet(sheet).write_row(0, 0, header, bold)
    workbook.close()
    handle.seek(0)
    return handle
