"""Exports read back as the tests compare them: rows as dicts keyed by the English column
labels in lower case with underscores, without what is in brackets ("Visited at (UTC)" is
``visited_at``) but for a code column's ("Item (code)" is ``item_code``)."""

import csv
import io
import re

import openpyxl


def key(label: str) -> str:
    """ "Visited at (UTC)" is ``visited_at``; "Item (code)" is ``item_code`` (and "Kohta
    (koodi)" ``kohta_code``)."""
    label = re.sub(r" \((code|koodi|kód)\)$", " code", label)  # in en, fi, hu
    return re.sub(r"\s*\(.*\)", "", label).lower().replace(" ", "_")


def csv_rows(data: bytes) -> list[dict]:
    reader = csv.reader(io.StringIO(data.decode().removeprefix("\ufeff")))
    header = [key(label) for label in next(reader)]
    return [dict(zip(header, row, strict=True)) for row in reader]


def xlsx_rows(data: bytes) -> list[dict]:
    """The first sheet's rows under its header (the row after the title)."""
    rows = list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).active.values)
    header = [key(label) for label in rows[1]]
    return [dict(zip(header, row, strict=True)) for row in rows[2:]]


def body(response) -> bytes:
    return b"".join(response.streaming_content)
