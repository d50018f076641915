"""Reports clients download: every file opened with a reader and checked against the scores;
the auditor's identity appears in none of them."""

import io

import openpyxl
import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from audits.models import Audit
from codex.models import Norm, Phase
from scoring.models import AuditScore
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as, run_background_work
from tests.factories import AssignmentFactory, LocationFactory
from tests.reports.reading import body, csv_rows, xlsx_rows


def approved(world, location, version, **answers) -> Audit:
    assignment = AssignmentFactory(
        location=location, checklist_version=version, auditor=world.auditor
    )
    payload = visit_payload(assignment)
    payload["answers"].update(answers)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    upload(world.auditor, payload["id"], jpeg_bytes(pattern=assignment.pk))
    audit = Audit.objects.get(assignment=assignment)
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    return audit


@pytest.fixture
def reported(world, field):
    south = LocationFactory(region=world.other_region, name="Tampere Ratina")
    first = approved(world, field.location, field.version)
    second = approved(world, field.location, field.version, greeting={"value": 20})
    third = approved(world, south, field.version, mood={"value": 1})
    return {"north": [first, second], "south": [third]}


def identity(world) -> list[str]:
    user = world.auditor
    return [user.username, user.email, user.first_name, user.last_name]


def read_csv(response) -> list[dict]:
    return csv_rows(body(response))


def read_xlsx(response) -> list[dict]:
    return xlsx_rows(body(response))


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "reader"), [("csv", read_csv), ("xlsx", read_xlsx)])
def test_audit_export_matches_the_scores(world, reported, extension, reader):
    response = api_as(world.client_admin).get(f"/api/v1/exports/audits.{extension}")

    assert response.status_code == 200
    rows = reader(response)
    expected = {
        s.audit_id: (s.location.name, s.total)
        for s in AuditScore.objects.select_related("location")
    }
    assert {int(r["audit"]): r["location"] for r in rows} == {k: v[0] for k, v in expected.items()}
    for row in rows:
        assert float(row["score"]) == pytest.approx(expected[int(row["audit"])][1])
    assert {r["region"] for r in rows} == {"North", "South"}
    assert "auditor" not in rows[0]
    for value in identity(world):
        assert all(value not in str(cell) for row in rows for cell in row.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "reader"), [("csv", read_csv), ("xlsx", read_xlsx)])
def test_answer_export_has_every_answer_of_the_approved_revisions(
    world, reported, extension, reader
):
    rows = reader(api_as(world.client_admin).get(f"/api/v1/exports/answers.{extension}"))

    assert len(rows) == 3 * 7  # seven answers in each visit payload
    greeting = [r for r in rows if r["item_code"] == "greeting"]
    assert sorted(str(r["answer"]) for r in greeting) == ["20", "6.5", "6.5"]
    # The codex's words for people, its keys in columns of their own.
    assert {r["phase_code"] for r in rows} == {"arrival", "departure"}
    assert {r["phase"] for r in rows} == set(
        Phase.objects.filter(
            key__in=["arrival", "departure"], codex_version__client=world.client
        ).values_list("name", flat=True)
    )
    assert {r["norm_code"] for r in greeting} == {"greeted_within_8s"}
    assert {r["norm"] for r in greeting} == set(
        Norm.objects.filter(
            key="greeted_within_8s", codex_version__client=world.client
        ).values_list("rule", flat=True)
    )
    for value in identity(world):
        assert all(value not in str(cell) for row in rows for cell in row.values())


@pytest.mark.django_db
def test_exports_follow_the_readers_scope_and_filters(world, reported):
    manager = read_csv(api_as(world.regional_manager).get("/api/v1/exports/audits.csv"))
    south = read_csv(
        api_as(world.client_admin).get(f"/api/v1/exports/audits.csv?region={world.other_region.pk}")
    )
    none_in_2020 = read_csv(
        api_as(world.client_admin).get("/api/v1/exports/audits.csv?period=2020-01")
    )
    other = read_csv(api_as(world.other_client_admin).get("/api/v1/exports/audits.csv"))
    foreign_region = api_as(world.regional_manager).get(
        f"/api/v1/exports/audits.csv?region={world.other_region.pk}"
    )

    assert {r["location"] for r in manager} == {"Kamppi"}
    assert {r["location"] for r in south} == {"Tampere Ratina"}
    assert none_in_2020 == []
    assert other == []
    assert foreign_region.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/exports/audits.csv", "/api/v1/exports/answers.xlsx"])
def test_anonymous_exports_are_refused(world, path):
    assert api_as(None).get(path).status_code == 401


@pytest.mark.django_db
def test_unknown_export_is_a_clear_400(world):
    response = api_as(world.client_admin).get("/api/v1/exports/people.csv")

    assert response.status_code == 400


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_rows(world, field):
    approved(world, field.location, field.version)
    client = api_as(world.client_admin)
    with CaptureQueriesContext(connection) as few:
        read_csv(client.get("/api/v1/exports/answers.csv"))
    for _ in range(2):
        approved(world, field.location, field.version)
    with CaptureQueriesContext(connection) as many:
        rows = read_csv(client.get("/api/v1/exports/answers.csv"))

    assert len(rows) == 21
    assert len(many) == len(few)


@pytest.mark.django_db
def test_xlsx_past_the_sheet_row_limit_goes_on_in_further_sheets(world, reported, monkeypatch):
    monkeypatch.setattr("reports.exports.XLSX_MAX_ROWS", 5)  # a title, a header, three rows
    client = api_as(world.client_admin)
    expected = read_csv(client.get("/api/v1/exports/answers.csv"))

    data = b"".join(client.get("/api/v1/exports/answers.xlsx").streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]

    assert book.sheetnames == ["Answers"] + [f"Answers {n}" for n in range(2, 8)]
    assert [len(rows) for rows in sheets] == [5] * 7  # 21 answers, three a sheet
    assert all(rows[1] == sheets[0][1] for rows in sheets)
    assert [rows[0][0].split(" (")[0] for rows in sheets] == book.sheetnames  # each its title
    rows = [row for rows in sheets for row in rows[2:]]
    item = sheets[0][1].index("Item (code)")
    assert [(str(r[0]), r[item]) for r in rows] == [(r["audit"], r["item_code"]) for r in expected]


@pytest.mark.django_db
def test_an_export_above_the_threshold_becomes_a_job(world, reported, settings):
    settings.EXPORT_STREAM_MAX_AUDITS = 2
    client = api_as(world.client_admin)

    small = client.get(f"/api/v1/exports/answers.csv?region={world.region.pk}")  # 2 audits
    response = client.get("/api/v1/exports/answers.csv")  # all 3
    again = client.get("/api/v1/exports/answers.csv")
    posted = client.post(
        "/api/v1/jobs/",
        {"kind": "export", "dataset": "answers", "extension": "csv"},
        format="json",
    )

    assert small.status_code == 200
    assert len(read_csv(small)) == 2 * 7
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == f"/api/v1/jobs/{job['id']}/"
    assert job["kind"] == "export"
    assert job["status"] == "queued"  # built by the worker, not in the request
    assert again.status_code == 202
    assert again.json()["id"] == job["id"]
    assert posted.status_code == 200
    assert posted.json()["id"] == job["id"]
    run_background_work()
    download = client.get(client.get(f"/api/v1/jobs/{job['id']}/").json()["download"])
    text = b"".join(download.streaming_content).decode()
    rows = csv_rows(text.encode())
    assert len(rows) == 3 * 7
    for value in identity(world):
        assert value not in text


@pytest.mark.django_db
def test_an_export_job_with_a_bad_filter_is_a_clear_400(world, reported, settings):
    settings.EXPORT_STREAM_MAX_AUDITS = 0

    response = api_as(world.client_admin).get("/api/v1/exports/audits.csv?period=2026-13")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "period"


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.django_db
def test_audit_pdf_in_finnish_has_the_cover_phases_and_answers(world, field, reported):
    audit = reported["north"][1]  # greeted after 20 s: the 8-second norm was missed
    Phase.objects.filter(pk__in=field.version.items.values("phase")).update(name_fi="Saapuminen")
    Phase.objects.filter(key="departure").update(name_fi="Poistuminen")

    response = api_as(world.client_admin).get(
        f"/api/v1/audits/{audit.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="fi"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    score = AuditScore.objects.get(audit=audit)
    assert "Haamuasiakasraportti" in text
    assert "Kamppi" in text
    assert "Acme Retail" in text
    assert f"{score.total * 100:.0f} %" in text
    assert "Läpäisi" in text
    assert "Saapuminen" in text
    assert "Poistuminen" in text
    assert "20 s" in text
    assert "ei täyttynyt" in text  # the greeting norm, missed
    assert "Would come back." in text  # the auditor's comment on the loyalty answer
    assert "Lojalisti" in text  # the loyalty ladder in the seed's own Finnish
    assert "Paikan päällä" in text
    for value in identity(world):
        assert value not in text


@pytest.mark.django_db
def test_audit_pdf_renders_to_a_page_with_a_chart(world, reported):
    audit = reported["north"][0]
    response = api_as(world.client_admin).get(
        f"/api/v1/audits/{audit.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="hu"
    )

    document = pypdfium2.PdfDocument(response.content)
    image = document[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    # The cover has text in its top half and the phase chart's bars further down: both inked.
    top = image.crop((0, 0, width, height // 2))
    chart = image.crop((0, height // 2, width, height))
    assert min(top.get_flattened_data()) < 100
    assert min(chart.get_flattened_data()) < 160
    assert len(document) >= 2
    text = pdf_text(response)
    assert "Próbavásárlási jelentés" in text
    assert "Összpontszám" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("client_admin", 200),
        ("regional_manager", 200),
        ("reviewer", 200),
        # Results are not an auditor's to read, their own audit's included: refused outright,
        # the same for every audit.
        ("auditor", 403),
        ("other_client_admin", 404),
        ("other_auditor", 403),
        ("anonymous", 401),
    ],
)
def test_audit_pdf_access(world, reported, role, expected):
    audit = reported["north"][0]

    response = api_as(None if role == "anonymous" else getattr(world, role)).get(
        f"/api/v1/audits/{audit.pk}/report.pdf"
    )

    assert response.status_code == expected


@pytest.mark.django_db
def test_a_manager_gets_404_for_another_regions_report(world, reported):
    response = api_as(world.regional_manager).get(
        f"/api/v1/audits/{reported['south'][0].pk}/report.pdf"
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_unapproved_audits_have_no_report(world, field):
    payload = visit_payload(field.assignment)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    audit = Audit.objects.get()

    response = api_as(world.reviewer).get(f"/api/v1/audits/{audit.pk}/report.pdf")

    assert response.status_code == 404
