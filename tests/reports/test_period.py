"""Per-location and per-region period PDFs: figures from the fixed scoring data set, with the
number of audits and the interval wherever a figure is."""

import io
import math

import pypdfium2
import pytest
from pypdf import PdfReader

from tests.conftest import api_as

T4 = 2.7764451051977987  # two-sided 95% t quantile, 4 degrees of freedom


def text_of(response) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.django_db
def test_location_period_pdf(world, scored):
    response = api_as(world.regional_manager).get(
        f"/api/v1/scores/locations/{scored.a.pk}/report.pdf", {"period": "2026-10"}
    )

    assert response.status_code == 200
    text = " ".join(text_of(response).split())
    # A in October: 0.8, 0.6, 1.0; the variance after the weak prior, (0.08 + 2 * 0.04) / 4,
    # is 0.04, so the half-width is t(4) * 0.2 / sqrt(3).
    half = T4 * 0.2 / math.sqrt(3)
    low, high = round((0.8 - half) * 100), min(100, round((0.8 + half) * 100))
    assert "Service report: A" in text
    assert f"80 % (95% interval {low}\u2013{high} %; 3 audits)" in text
    assert "Rank in region 1 / 2" in text
    assert "Too few audits to judge by." in text
    assert "2026-05 (n=0)" in text  # six periods of trend, back from October
    assert "2026-09 (n=1)" in text
    # missed once in three (Wilson's interval 6-79 %), against a 90% target
    assert "greet 1 / 3: 33 % (95% interval 6\u201379 %; 3 audits) 90 %" in text
    assert "Loyalist" in text
    assert world.auditor.username not in text


@pytest.mark.django_db
def test_region_period_pdf_in_finnish_renders(world, scored):
    response = api_as(world.client_admin).get(
        f"/api/v1/scores/regions/{world.region.pk}/report.pdf",
        {"period": "2026-10"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    text = " ".join(text_of(response).split())
    assert "Alueraportti: North" in text
    assert "66 %" in text  # North in October: 0.8, 0.6, 1.0, 0.4, 0.5
    assert "5 käyntiä" in text
    assert "1 A" in text  # ranked locations
    assert "2 B" in text
    image = pypdfium2.PdfDocument(response.content)[0].render(scale=1).to_pil().convert("L")
    assert min(image.get_flattened_data()) < 100


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "which", "expected"),
    [
        ("regional_manager", "c", 404),
        ("other_client_admin", "a", 404),
        ("auditor", "a", 403),
        ("client_admin", "c", 200),
        ("reviewer", "x", 200),
    ],
)
def test_period_pdf_access(world, scored, role, which, expected):
    location = getattr(scored, which)

    response = api_as(getattr(world, role)).get(
        f"/api/v1/scores/locations/{location.pk}/report.pdf", {"period": "2026-10"}
    )

    assert response.status_code == expected


@pytest.mark.django_db
def test_period_is_required(world, scored):
    response = api_as(world.client_admin).get(f"/api/v1/scores/locations/{scored.a.pk}/report.pdf")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "period"


@pytest.mark.django_db
def test_the_period_pdfs_show_the_gap_to_the_competitors_without_naming_them(world, scored):
    from tests.factories import ChecklistVersionFactory, LocationFactory
    from tests.scoring.conftest import scored_audit

    version = ChecklistVersionFactory(checklist__client=world.client)
    rival = LocationFactory(region=world.region, name="Kilpailija Keskusta", competitor=True)
    for total in (0.5, 0.7):
        scored_audit(rival, version, total=total, visited=(2026, 10, 6), phases={"arrival": 0.6})
    manager = api_as(world.regional_manager)

    region = manager.get(
        f"/api/v1/scores/regions/{world.region.pk}/report.pdf", {"period": "2026-10"}
    )
    location = manager.get(
        f"/api/v1/scores/locations/{scored.a.pk}/report.pdf", {"period": "2026-10"}
    )
    south = manager.get(f"/api/v1/scores/locations/{scored.a.pk}/report.pdf", {"period": "2026-09"})

    region_text = " ".join(text_of(region).split())
    location_text = " ".join(text_of(location).split())
    # The figures the API gives (tests/scoring/test_competitors.py checks their arithmetic):
    # North in October 66 % of 5 audits against 60 % of 2, +6 points; A alone 80 %, +20.
    assert "Against competitors" in region_text
    assert "competitor locations (1)" in region_text
    assert "60 % (95% interval" in region_text
    assert "+6 (not clearly different)" in region_text
    assert "+20 (not clearly different)" in location_text
    assert "Kilpailija" not in region_text + location_text
    assert "Against competitors" not in " ".join(text_of(south).split())  # none in September
