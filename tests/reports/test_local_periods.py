"""Periods follow each location's own calendar: a visit at local 00:30 on the 1st belongs to the
local month, in every endpoint, export and file name, for locations east and west of UTC in one
region."""

import io
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from audits.models import Audit
from scoring.models import AuditScore
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as, run_background_work
from tests.factories import AssignmentFactory, LocationFactory
from tests.reports.reading import body, csv_rows

ZONES = ["Europe/Helsinki", "Europe/Budapest", "America/New_York"]


def visit(world, location, version, local: datetime) -> Audit:
    """An audit visited at ``local`` (the location's wall clock), approved through the API."""
    started = local.replace(tzinfo=ZoneInfo(location.time_zone))
    assignment = AssignmentFactory(
        location=location,
        checklist_version=version,
        auditor=world.auditor,
        window_start=started - timedelta(hours=1),
        window_end=started + timedelta(hours=2),
    )
    payload = visit_payload(
        assignment,
        started_at=started.isoformat(),
        ended_at=(started + timedelta(minutes=20)).isoformat(),
    )
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    assert (
        upload(world.auditor, payload["id"], jpeg_bytes(pattern=assignment.pk)).status_code == 201
    )
    audit = Audit.objects.get(assignment=assignment)
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    return audit


@pytest.fixture
def around_midnight(world, field):
    """At each location: one visit at local 00:30 on 1 July, one at local 23:30 on 30 June.
    In UTC, Helsinki's and Budapest's July visit is still June; New York's June visit is
    already July."""
    july, june = {}, {}
    for zone in ZONES:
        location = LocationFactory(region=world.region, name=zone.split("/")[1], time_zone=zone)
        july[zone] = visit(world, location, field.version, datetime(2026, 7, 1, 0, 30))
        june[zone] = visit(world, location, field.version, datetime(2026, 6, 30, 23, 30))
    return july, june


@pytest.mark.django_db
def test_the_visits_local_date_is_stored_and_differs_from_utc(around_midnight):
    july, june = around_midnight

    for zone in ZONES:
        score = AuditScore.objects.get(audit=july[zone])
        assert score.visited_on.isoformat() == "2026-07-01"
        assert AuditScore.objects.get(audit=june[zone]).visited_on.isoformat() == "2026-06-30"
    assert AuditScore.objects.get(audit=july["Europe/Helsinki"]).visited_at.month == 6
    assert AuditScore.objects.get(audit=june["America/New_York"]).visited_at.month == 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "month"), [("2026-07", "july"), ("2026-Q3", "july"), ("2026-06", "june")]
)
def test_scorecard_and_leaderboard_count_the_local_month(world, around_midnight, period, month):
    visits = dict(zip(("july", "june"), around_midnight, strict=True))[month]
    admin = api_as(world.client_admin)

    board = admin.get(
        f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", {"period": period}
    ).json()
    by_name = {row["location"]["name"]: row for row in board["locations"]}
    for zone, audit in visits.items():
        location = audit.assignment.location
        card = admin.get(f"/api/v1/scores/locations/{location.pk}/", {"period": period}).json()
        assert card["score"]["audits"] == 1, (zone, card)
        assert by_name[location.name]["score"]["audits"] == 1
    assert board["period"]["start"] <= "2026-07-01" <= board["period"]["end"] or month == "june"


@pytest.mark.django_db
def test_exports_filter_by_the_local_month_and_show_the_local_date(world, around_midnight):
    july, _ = around_midnight

    response = api_as(world.client_admin).get("/api/v1/exports/audits.csv", {"period": "2026-07"})

    rows = csv_rows(body(response))
    assert {int(row["audit"]) for row in rows} == {audit.pk for audit in july.values()}
    assert {row["visited_on"] for row in rows} == {"2026-07-01"}


@pytest.mark.django_db
def test_region_zip_holds_the_local_months_audits_named_by_local_date(world, around_midnight):
    july, _ = around_midnight
    admin = api_as(world.client_admin)

    job = admin.post(
        "/api/v1/jobs/",
        {"kind": "region_pdfs", "region": world.region.pk, "period": "2026-07"},
        format="json",
    ).json()
    run_background_work()
    download = admin.get(admin.get(f"/api/v1/jobs/{job['id']}/").json()["download"])

    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert sorted(int(name.rsplit("-", 1)[1].removesuffix(".pdf")) for name in names) == sorted(
        audit.pk for audit in july.values()
    )
    assert all(name.startswith("2026-07-01-") for name in names)


@pytest.mark.django_db
def test_the_location_period_pdf_counts_the_local_month(world, around_midnight):
    july, _ = around_midnight
    location = july["America/New_York"].assignment.location

    response = api_as(world.client_admin).get(
        f"/api/v1/scores/locations/{location.pk}/report.pdf", {"period": "2026-07"}
    )

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "2026-07" in text
    assert "2026-07 (n=1)" in text  # the trend's last period: the one local July visit
