"""Exports that look finished: the XLSX read back for its cell types, number formats, title,
frozen header, filter and widths; the CSV for Excel; both in the reader's language."""

import io
from datetime import datetime

import openpyxl
import pytest

from checklists.models import Item
from tests.conftest import api_as
from tests.reports.reading import body, csv_rows
from tests.reports.test_reports import reported  # noqa: F401 - a shared fixture


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(body(response)))  # not read-only: the sheet's views


@pytest.mark.django_db
def test_the_audits_xlsx_has_real_types_formats_a_frozen_filtered_header_and_widths(
    world,
    reported,  # noqa: F811
):
    sheet = workbook(api_as(world.client_admin).get("/api/v1/exports/audits.xlsx")).active

    assert sheet.title == "Audits"
    assert sheet["A1"].value.startswith("Audits (made ")
    assert sheet["A1"].font.bold
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["Audit", "Client", "Region", "Location"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:P{2 + 3}"  # the header and the three audits
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    row = {name: cell for name, cell in zip(header, sheet[3], strict=True)}
    assert isinstance(row["Audit"].value, int)
    assert isinstance(row["Visited on"].value, datetime)  # a date cell (Excel has no bare date)
    assert row["Visited on"].number_format == "yyyy-mm-dd"
    assert isinstance(row["Visited at (UTC)"].value, datetime)
    assert row["Visited at (UTC)"].number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(row["Score"].value, float)
    assert 0 <= row["Score"].value <= 1
    assert row["Score"].number_format == "0.0%"
    assert row["Failed"].data_type == "b"
    assert row["Channel"].value == "In person"


@pytest.mark.django_db
def test_the_answers_xlsx_in_finnish_has_finnish_labels_and_questions(world, reported):  # noqa: F811
    Item.objects.filter(key="greeting").update(text_fi="Tervehdittiinkö sinua?")

    sheet = workbook(
        api_as(world.client_admin).get("/api/v1/exports/answers.xlsx", HTTP_ACCEPT_LANGUAGE="fi")
    ).active

    assert sheet.title == "Vastaukset"
    header = [cell.value for cell in sheet[2]]
    assert "Kysymys" in header
    assert "Vastaus" in header
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(3)]
    questions = {row["Kysymys"] for row in rows if row["Kohta (koodi)"] == "greeting"}
    assert questions == {"Tervehdittiinkö sinua?"}
    # An item with no Finnish text falls back to English rather than to nothing.
    assert all(row["Kysymys"] for row in rows)
    assert {type(row["Vastaus"]) for row in rows if row["Kohta (koodi)"] == "greeting"} <= {
        int,
        float,
    }


@pytest.mark.django_db
def test_every_csv_quotes_formulas_and_the_one_for_excel_starts_with_a_bom(world, reported):  # noqa: F811
    from audits.models import Answer

    Answer.objects.filter(item__key="greeting").update(comment='=HYPERLINK("http://x")')
    admin = api_as(world.client_admin)

    plain = body(admin.get("/api/v1/exports/answers.csv"))
    excel = body(admin.get("/api/v1/exports/answers.csv", {"excel": "true"}))
    refused = admin.get("/api/v1/exports/answers.csv", {"excel": "yes"})

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbf")
    assert {r["comment"] for r in csv_rows(plain) if r["item_code"] == "greeting"} == {
        '\'=HYPERLINK("http://x")'
    }
    assert {r["comment"] for r in csv_rows(excel) if r["item_code"] == "greeting"} == {
        '\'=HYPERLINK("http://x")'
    }
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["attr"] == "excel"


@pytest.mark.django_db
def test_the_csv_in_hungarian_says_yes_and_no_and_names_in_hungarian(world, reported):  # noqa: F811
    text = body(
        api_as(world.client_admin).get("/api/v1/exports/audits.csv", HTTP_ACCEPT_LANGUAGE="hu")
    ).decode()

    rows = csv_rows(text.encode())
    assert text.startswith("Látogatás,Megbízó,Régió,Helyszín,")
    assert {row["sikertelen"] for row in rows} == {"nem"}
    assert {row["csatorna"] for row in rows} == {"Személyesen"}


@pytest.mark.django_db
@pytest.mark.parametrize("excel", [0, 1, "true", "yes", None])
def test_a_jobs_excel_is_a_json_boolean(world, reported, excel):  # noqa: F811
    response = api_as(world.client_admin).post(
        "/api/v1/jobs/",
        {"kind": "export", "dataset": "audits", "extension": "csv", "excel": excel},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "excel"


@pytest.mark.django_db
def test_the_csv_for_excel_in_finnish_has_semicolons_decimal_commas_and_moments_to_the_second(
    world,
    reported,  # noqa: F811
):
    import csv

    admin = api_as(world.client_admin)
    excel = body(
        admin.get("/api/v1/exports/audits.csv", {"excel": "true"}, HTTP_ACCEPT_LANGUAGE="fi")
    )
    plain = body(admin.get("/api/v1/exports/audits.csv", HTTP_ACCEPT_LANGUAGE="fi"))

    header, *rows = csv.reader(io.StringIO(excel.decode().removeprefix("\ufeff")), delimiter=";")
    row = dict(zip(header, rows[0], strict=True))
    assert "," in row["Pisteet"]
    assert "." not in row["Pisteet"]
    assert float(row["Pisteet"].replace(",", ".")) == pytest.approx(
        float(csv_rows(plain)[0]["pisteet"])
    )
    assert datetime.strptime(row["Käyntiaika (UTC)"], "%Y-%m-%d %H:%M:%S")
    # The plain CSV is for programs: commas, decimal points, ISO moments.
    assert datetime.fromisoformat(csv_rows(plain)[0]["käyntiaika"]).tzinfo is not None
    # English Excel keeps its commas.
    english = body(admin.get("/api/v1/exports/audits.csv", {"excel": "true"}))
    assert english.decode().removeprefix("\ufeff").startswith("Audit,Client,")


@pytest.mark.django_db
def test_the_answers_export_names_the_chosen_answers_and_keeps_the_keys_in_code_columns(
    world,
    reported,  # noqa: F811
):
    from checklists.models import ItemChoice

    ItemChoice.objects.filter(key="friendly").update(label_fi="Ystävällinen")
    ItemChoice.objects.filter(key="fast").update(label_fi="Nopea")
    ItemChoice.objects.filter(key="loyalist").update(label_fi="Uskollinen")
    rows = csv_rows(
        body(
            api_as(world.client_admin).get("/api/v1/exports/answers.csv", HTTP_ACCEPT_LANGUAGE="fi")
        )
    )

    answers = {row["kohta_code"]: row["vastaus"] for row in rows}
    assert answers["tags"] == "Ystävällinen; Nopea"
    assert answers["loyalty"] == "Uskollinen"
    assert {row["vaihe_code"] for row in rows} == {"arrival", "departure"}
