"""Bulk import of a client's locations and auditors from CSV or XLSX. Every row is checked
before anything is written: a dry run reports every bad row (by its row number in the sheet and
its column) and changes nothing; an import runs only when every row is good, in one
transaction. Rows are matched by name (locations, per client) or username (auditors): a known
one is updated, a new one created."""

from __future__ import annotations

import contextlib
import csv
import io
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers

from accounts.constants import Role
from accounts.models import AuditorProfile
from api.errors import DomainError, DomainValidationError
from api.fields import CoordinateField
from organizations.models import Client, Location, Region

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024


class LocationRow(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    region = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    latitude = CoordinateField(90, required=False, allow_null=True, default=None)
    longitude = CoordinateField(180, required=False, allow_null=True, default=None)
    time_zone = serializers.CharField(max_length=64, required=False, default="Europe/Helsinki")
    check_in_radius_m = serializers.IntegerField(
        min_value=10, max_value=100_000, required=False, default=150
    )
    competitor = serializers.BooleanField(required=False, default=False)

    def validate_time_zone(self, value):
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(
                _("%(value)s is not an IANA time zone (for example Europe/Helsinki).")
                % {"value": value}
            )
        return value

    def validate(self, data):
        if (data["latitude"] is None) != (data["longitude"] is None):
            raise serializers.ValidationError(
                {"longitude": _("Give both latitude and longitude, or neither.")}
            )
        return data


class ListCell(serializers.CharField):
    """A cell listing values, separated by commas or spaces."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        return [part for part in text.replace(",", " ").split() if part]


class AuditorRow(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    languages = ListCell(max_length=200)
    personas = ListCell(max_length=1000, required=False, allow_blank=True, default=[])
    home_area = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    home_latitude = CoordinateField(90, required=False, allow_null=True, default=None)
    home_longitude = CoordinateField(180, required=False, allow_null=True, default=None)
    travel_km = serializers.IntegerField(min_value=0, max_value=2000, required=False, default=50)
    weekly_capacity = serializers.IntegerField(
        min_value=1, max_value=100, required=False, default=10
    )


KINDS = {"locations": (LocationRow, "name"), "auditors": (AuditorRow, "username")}


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    create: int = 0
    update: int = 0
    errors: list[dict] = field(default_factory=list)


def read_rows(upload) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number in the sheet, {column: text}) of a CSV or XLSX file, the header row first
    and so row 2 the first data row; blank rows are skipped."""
    name = (upload.name or "").lower()
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than 5 MB."), code="too_large", attr="file")
    if name.endswith(".xlsx") or data[:2] == b"PK":
        rows = _xlsx_rows(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(
                _("Save the CSV file as UTF-8, or send an XLSX file."),
                code="not_utf8",
                attr="file",
            ) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise DomainError(_("The file has no header row."), code="empty", attr="file")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    for number, cells in enumerate(rows[1:], start=2):
        values = {
            column: "" if cell is None else str(cell).strip()
            for column, cell in zip(header, cells, strict=False)
            if column
        }
        if any(values.values()):
            yield number, values


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        raise DomainError(
            _("The file is neither CSV nor an XLSX workbook."), code="unreadable", attr="file"
        ) from None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _flatten(number: int, detail, column: str | None = None) -> Iterator[dict]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(number, value, None if key == "non_field_errors" else key)
        return
    for error in detail:
        yield {
            "code": getattr(error, "code", "invalid"),
            "detail": str(error),
            "attr": f"rows.{number}" + (f".{column}" if column else ""),
        }


def check(kind: str, client: Client, upload) -> tuple[ImportReport, list[dict]]:
    """Every row read and checked; the report and the rows' validated values."""
    row_serializer, key = KINDS[kind]
    report = ImportReport(kind=kind, dry_run=True)
    good: list[dict] = []
    seen: dict[str, int] = {}
    for number, values in read_rows(upload):
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise DomainError(
                ngettext(
                    "A file has at most %(rows)d row.",
                    "A file has at most %(rows)d rows.",
                    MAX_ROWS,
                )
                % {"rows": MAX_ROWS},
                code="too_many_rows",
                attr="file",
            )
        row = row_serializer(data=values)
        if not row.is_valid():
            report.errors += _flatten(number, row.errors)
            continue
        data = dict(row.validated_data)
        name = data[key].casefold()
        if name in seen:
            report.errors.append(
                {
                    "code": "duplicate",
                    "detail": _("Row %(row)d has the same %(column)s.")
                    % {"row": seen[name], "column": key},
                    "attr": f"rows.{number}.{key}",
                }
            )
            continue
        seen[name] = number
        data["row"] = number
        good.append(data)
    if kind == "auditors":
        report.errors += _auditor_conflicts(good)
    existing = _existing(kind, client, good)
    report.update = sum(1 for data in good if data[key] in existing)
    report.create = len(good) - report.update
    if not report.rows:
        report.errors.append(
            {"code": "empty", "detail": _("The file has no rows."), "attr": "file"}
        )
    return report, good


def _existing(kind: str, client: Client, good: list[dict]) -> dict:
    if kind == "locations":
        names = [data["name"] for data in good]
        return {loc.name: loc for loc in Location.objects.filter(client=client, name__in=names)}
    usernames = [data["username"] for data in good]
    return {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}


def _auditor_conflicts(good: list[dict]) -> list[dict]:
    """A username that is someone's in another role cannot become an auditor's."""
    taken = dict(
        get_user_model()
        .objects.filter(username__in=[d["username"] for d in good])
        .exclude(role=Role.AUDITOR)
        .values_list("username", "role")
    )
    return [
        {
            "code": "not_an_auditor",
            "detail": _("This username belongs to someone in another role."),
            "attr": f"rows.{data['row']}.username",
        }
        for data in good
        if data["username"] in taken
    ]


def import_rows(*, kind: str, client: Client, upload, dry_run: bool) -> ImportReport:
    """Check every row; unless a dry run, and only when every row is good, write them all in
    one transaction."""
    report, good = check(kind, client, upload)
    report.dry_run = dry_run
    if dry_run:
        return report
    if report.errors:
        raise DomainValidationError(
            report.errors, _("Some rows are not valid; nothing was imported.")
        )
    with transaction.atomic():
        (_write_locations if kind == "locations" else _write_auditors)(client, good)
    return report


def _write_locations(client: Client, good: list[dict]) -> None:
    regions = {region.name: region for region in Region.objects.filter(client=client)}
    for name in {data["region"] for data in good} - set(regions):
        regions[name] = Region.objects.create(client=client, name=name)
    existing = _existing("locations", client, good)
    fields = [
        "region",
        "address",
        "latitude",
        "longitude",
        "time_zone",
        "check_in_radius_m",
        "competitor",
    ]
    fresh, changed = [], []
    for data in good:
        values = {name: data[name] for name in fields if name != "region"}
        location = existing.get(data["name"])
        if location is None:
            fresh.append(
                Location(client=client, name=data["name"], region=regions[data["region"]], **values)
            )
            continue
        location.region = regions[data["region"]]
        for name, value in values.items():
            setattr(location, name, value)
        changed.append(location)
    Location.objects.bulk_create(fresh, batch_size=1000)
    Location.objects.bulk_update(changed, fields, batch_size=1000)


def _write_auditors(client: Client, good: list[dict]) -> None:
    users = get_user_model()
    existing = _existing("auditors", client, good)
    person = ["email", "first_name", "last_name"]
    for data in good:
        user = existing.get(data["username"])
        if user is None:
            user = users(username=data["username"], role=Role.AUDITOR)
            user.set_unusable_password()
        for name in person:
            setattr(user, name, data[name])
        user.save()
        user.works_for.add(client)
        AuditorProfile.objects.update_or_create(
            user=user,
            defaults={
                "languages": data["languages"],
                "personas": data["personas"],
                "home_area": data["home_area"],
                "home_latitude": data["home_latitude"],
                "home_longitude": data["home_longitude"],
                "travel_km": data["travel_km"],
                "weekly_capacity": data["weekly_capacity"],
            },
        )
