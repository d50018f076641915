"""The two files a codex document is kept in: a spreadsheet a person edits (XLSX, one sheet per
kind, headings in the reader's language) and a YAML file for version control.

Readers give the document's rows as written, with where each came from (sheet, row); they check
only what the file's shape needs (sheets, headings, one text per language). ``codex.importing``
checks the values, all at once.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils import translation
from django.utils.translation import gettext as _

from codex.document import FORMAT, FORMAT_VERSION, SHEETS, Document, Sheet, languages

XLSX_MAGIC = b"PK\x03\x04"
# A codex of a thousand items in three languages is well under a megabyte either way; these
# bounds refuse a file that only unpacks or expands into something huge.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


@dataclass
class Problem:
    """Something wrong at a place in the file: ``row`` and ``column`` may be unknown."""

    sheet: str
    row: int | None
    column: str | None
    code: str
    message: str


@dataclass
class Read:
    """A file read into the document shape, each row with its number in the file."""

    document: Document
    numbers: dict[str, list[int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read(content: bytes) -> Read:
    """A spreadsheet or a YAML (or JSON) file, told apart by its first bytes."""
    if len(content) > MAX_FILE_BYTES:
        result = Read(Document({}))
        result.problems.append(
            Problem(
                "",
                None,
                None,
                "too_large",
                _("The file is larger than %(megabytes)d MB; a codex is much smaller.")
                % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)},
            )
        )
        return result
    if content.startswith(XLSX_MAGIC):
        return read_xlsx(content)
    return read_yaml(content)


# --- YAML ----------------------------------------------------------------------------------


def _compact(sheet: Sheet, row: dict[str, Any]) -> dict[str, Any]:
    """A row as YAML writes it: a text in every language as one mapping, defaults left out."""
    out: dict[str, Any] = {}
    for column in sheet.columns:
        if column.kind == "texts":
            texts = {lang: row.get(f"{column.key}_{lang}") or "" for lang in languages()}
            if column.required or any(texts.values()):
                out[column.key] = texts
            continue
        value = row.get(column.key)
        if value is None or (value == column.default and not column.required):
            continue
        if value == "" and not column.required:
            continue
        out[column.key] = value
    return out


class _Dumper(yaml.SafeDumper):
    """Every value written out where it is: no anchors and aliases for a person to follow."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_yaml(document: Document) -> bytes:
    body: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for sheet in SHEETS:
        rows = [_compact(sheet, row) for row in document.rows(sheet.key)]
        body[sheet.key] = rows[0] if sheet.single else rows
    return yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100).encode()


def _spread(sheet: Sheet, raw: Any, number: int, problems: list[Problem]) -> dict[str, Any]:
    """A YAML mapping as a row of the document: a text mapping becomes one column per
    language."""
    if not isinstance(raw, dict):
        problems.append(
            Problem(sheet.key, number, None, "not_a_row", _("Give this row as a mapping."))
        )
        return {}
    row: dict[str, Any] = {}
    known = {column.key: column for column in sheet.columns}
    for key, value in raw.items():
        column = known.get(key)
        if column is None:
            problems.append(
                Problem(sheet.key, number, str(key), "unknown_column", _("This is not a column."))
            )
        elif column.kind == "texts":
            if isinstance(value, dict):
                for lang, text in value.items():
                    if lang not in languages():
                        problems.append(
                            Problem(
                                sheet.key,
                                number,
                                f"{key}_{lang}",
                                "unknown_language",
                                _("Give texts in %(languages)s only.")
                                % {"languages": ", ".join(languages())},
                            )
                        )
                    else:
                        row[f"{key}_{lang}"] = text
            elif value is not None:
                problems.append(
                    Problem(
                        sheet.key,
                        number,
                        f"{key}_{languages()[0]}",
                        "texts_not_per_language",
                        _("Give this text in each language (%(languages)s).")
                        % {"languages": ", ".join(languages())},
                    )
                )
        else:
            row[key] = value
    return row


# libyaml's safe loader where PyYAML was built with it (a tenth of the pure-Python one's time:
# the default codex is read on every install); the same documents, the same errors.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(content: bytes) -> Read:
    result = Read(Document({}))
    try:
        text = content.decode("utf-8")
        # Aliases (*name) let a few lines stand for an exponentially large document.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_Loader)):
            result.problems.append(
                Problem(
                    "",
                    None,
                    None,
                    "yaml_alias",
                    _("Write every value out: references (&name, *name) are not taken."),
                )
            )
            return result
        body = yaml.load(text, Loader=_Loader)  # a safe loader (libyaml's where built)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        result.problems.append(
            Problem(
                "",
                mark.line + 1 if mark else None,
                None,
                "unreadable",
                _("The file is neither a spreadsheet (.xlsx) nor readable YAML or JSON."),
            )
        )
        return result
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        result.problems.append(
            Problem(
                "",
                None,
                None,
                "not_a_codex",
                _("This file is not a codex: its first line should be 'format: %(format)s'.")
                % {"format": FORMAT},
            )
        )
        return result
    known = {sheet.key for sheet in SHEETS} | {"format", "format_version"}
    for key in body:
        if key not in known:
            result.problems.append(
                Problem(str(key), None, None, "unknown_sheet", _("This is not a part of a codex."))
            )
    for sheet in SHEETS:
        raw = body.get(sheet.key)
        if sheet.single:
            raw = [raw] if raw is not None else []
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            result.problems.append(
                Problem(sheet.key, None, None, "not_a_list", _("Give this part as a list of rows."))
            )
            raw = []
        result.document.sheets[sheet.key] = [
            _spread(sheet, entry, number, result.problems) for number, entry in enumerate(raw, 1)
        ]
        result.numbers[sheet.key] = list(range(1, len(raw) + 1))
    return result


# --- XLSX ----------------------------------------------------------------------------------


def _headings(sheet: Sheet) -> list[tuple[str, str]]:
    """(column key, heading in the active language) for every column of the sheet."""
    out = []
    for column in sheet.columns:
        if column.kind == "texts":
            out += [(f"{column.key}_{lang}", f"{column.label} ({lang})") for lang in languages()]
        else:
            out.append((column.key, str(column.label)))
    return out


def _cell(sheet: Sheet, key: str, value: Any) -> Any:
    column = next((c for c in sheet.columns if c.key == key), None)
    if column is not None and column.kind == "refs":
        return ", ".join(value or [])
    if column is not None and column.kind == "value":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def write_xlsx(document: Document) -> bytes:
    """The spreadsheet, its sheet names and headings in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        out = book.create_sheet(str(sheet.title)[:31])
        headings = _headings(sheet)
        out.append([heading for _key, heading in headings])
        for cell in out[1]:
            cell.font = bold
        for row in document.rows(sheet.key):
            out.append([_cell(sheet, key, row.get(key)) for key, _heading in headings])
        out.freeze_panes = "A2"
        for index, (key, _heading) in enumerate(headings, 1):
            letter = out.cell(row=1, column=index).column_letter
            wide = any(key == f"{c.key}_{lang}" for c in sheet.texts for lang in languages())
            out.column_dimensions[letter].width = 48 if wide else 18
            if wide:
                for cell in out[letter][1:]:
                    cell.alignment = wrap
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _names_in_every_language() -> tuple[dict[str, Sheet], dict[str, dict[str, str]]]:
    """Sheet names and headings as any of the languages writes them, lower-cased."""
    sheets: dict[str, Sheet] = {}
    headings: dict[str, dict[str, str]] = {sheet.key: {} for sheet in SHEETS}
    for lang in languages():
        with translation.override(lang):
            for sheet in SHEETS:
                sheets[str(sheet.title)[:31].strip().lower()] = sheet
                sheets[sheet.key] = sheet
                for key, heading in _headings(sheet):
                    headings[sheet.key][heading.strip().lower()] = key
                    headings[sheet.key][key] = key
    return sheets, headings


def _from_cell(sheet: Sheet, key: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    column = next((c for c in sheet.columns if c.key == key), None)
    if column is not None and column.kind == "refs" and isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if column is not None and column.kind == "value" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def read_xlsx(content: bytes) -> Read:
    from openpyxl import load_workbook

    result = Read(Document({}))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            result.problems.append(
                Problem("", None, None, "too_large", _("The spreadsheet unpacks too large."))
            )
            return result
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # any unreadable workbook is the same answer to the author
        result.problems.append(
            Problem("", None, None, "unreadable", _("The spreadsheet cannot be opened."))
        )
        return result
    try:
        _read_book(book, result)
    except (
        Exception
    ):  # a workbook whose sheets cannot be read is as unreadable as one that won't open
        return Read(
            Document({}),
            problems=[
                Problem("", None, None, "unreadable", _("The spreadsheet cannot be opened."))
            ],
        )
    return result


def _read_book(book, result: Read) -> None:
    by_name, headings = _names_in_every_language()
    for worksheet in book.worksheets:
        sheet = by_name.get(worksheet.title.strip().lower())
        if sheet is None:
            result.problems.append(
                Problem(
                    worksheet.title,
                    None,
                    None,
                    "unknown_sheet",
                    _("This sheet is not a part of a codex."),
                )
            )
            continue
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        keys: list[str | None] = []
        for title in header:
            text = "" if title is None else str(title).strip()
            key = headings[sheet.key].get(text.lower()) if text else None
            if text and key is None:
                result.problems.append(
                    Problem(sheet.key, 1, text, "unknown_column", _("This is not a column."))
                )
            keys.append(key)
        found = set(filter(None, keys))
        for column in sheet.columns:
            wanted = (
                [f"{column.key}_{lang}" for lang in languages()]
                if column.kind == "texts"
                else [column.key]
            )
            for key in wanted:
                if column.required and key not in found:
                    result.problems.append(
                        Problem(sheet.key, 1, key, "missing_column", _("This column is missing."))
                    )
        document_rows, numbers = [], []
        for number, values in enumerate(rows, 2):
            row = {
                key: _from_cell(sheet, key, value)
                for key, value in zip(keys, values, strict=False)
                if key is not None
            }
            if all(value is None for value in row.values()):
                continue
            document_rows.append(row)
            numbers.append(number)
        result.document.sheets[sheet.key] = document_rows
        result.numbers[sheet.key] = numbers
