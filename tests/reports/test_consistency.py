"""One author for every figure: on a fixed data set, the leaderboard rank, the scorecard, the
persona gap and the trend that the API answers are the figures the location and region PDFs
print and the exports hold."""

import io
from statistics import mean

import pytest
from pypdf import PdfReader

from tests.conftest import api_as
from tests.reports.reading import body, csv_rows

OCT = {"period": "2026-10"}
TREND = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]


def pdf_text(response) -> str:
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def as_printed(figure: dict) -> str:
    """A mean with its interval and count, as the PDFs print it (whole percentages)."""
    if figure["mean"] is None:
        return f"\u2013 ({figure['audits']} audits)"
    count = f"{figure['audits']} {'audit' if figure['audits'] == 1 else 'audits'}"
    return (
        f"{figure['mean'] * 100:.0f} % (95% interval {figure['low'] * 100:.0f}\u2013"
        f"{figure['high'] * 100:.0f} %; {count})"
    )


@pytest.mark.django_db
def test_the_location_pdf_prints_the_apis_scorecard_rank_trend_and_persona_gap(world, scored):
    manager = api_as(world.regional_manager)
    location = scored.a

    card = manager.get(f"/api/v1/scores/locations/{location.pk}/", OCT).json()
    gap = manager.get("/api/v1/scores/persona-gap/", {"location": location.pk, **OCT}).json()
    trend = [
        manager.get(f"/api/v1/scores/locations/{location.pk}/", {"period": p}).json()["score"]
        for p in TREND
    ]
    text = pdf_text(manager.get(f"/api/v1/scores/locations/{location.pk}/report.pdf", OCT))

    assert f"Overall score {as_printed(card['score'])}" in text
    assert f"Rank in region {card['rank']['position']} / {card['rank']['of']}" in text
    for period, figure in zip(TREND, trend, strict=True):
        assert f"{period} (n={figure['audits']})" in text
    for persona in gap["personas"]:
        assert f"{persona['persona']} {as_printed(persona['score'])}" in text
    for line in gap["gaps"]:
        assert f"{line['difference'] * 100:+.0f} %" in text
    failed = card["failed_share"]
    assert f"Failed audits {failed['rate'] * 100:.0f} % (95% interval" in text


@pytest.mark.django_db
def test_the_region_pdf_prints_the_apis_leaderboard(world, scored):
    admin = api_as(world.client_admin)

    board = admin.get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT).json()
    text = pdf_text(admin.get(f"/api/v1/scores/regions/{world.region.pk}/report.pdf", OCT))

    assert f"Overall score {as_printed(board['region_score'])}" in text
    for row in board["locations"]:
        printed = (
            f"{row['rank']} {row['location']['name']} {as_printed(row['score'])} Tier {row['tier']}"
        )
        assert printed in text


@pytest.mark.django_db
def test_the_export_holds_the_audits_behind_the_apis_figures(world, scored):
    admin = api_as(world.client_admin)
    board = admin.get(f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", OCT).json()

    response = admin.get("/api/v1/exports/audits.csv", {"region": world.region.pk, **OCT})

    rows = csv_rows(body(response))
    for row in board["locations"]:
        scores = [float(r["score"]) for r in rows if r["location"] == row["location"]["name"]]
        assert len(scores) == row["score"]["audits"]
        assert mean(scores) == pytest.approx(row["score"]["mean"], abs=5e-5)
    assert len(rows) == board["region_score"]["audits"]
