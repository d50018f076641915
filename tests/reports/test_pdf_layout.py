"""The period PDFs' layout rules, read back from their text: a table's header on every page it
runs onto, no heading at a page's foot, met and missed told by a sign and a word, decimal
commas in Finnish and Hungarian, the trend's values and intervals, tiers named, plurals."""

import io

import pytest
from pypdf import PdfReader

from tests.conftest import api_as
from tests.factories import ChecklistVersionFactory, LocationFactory
from tests.scoring.conftest import scored_audit

HEADINGS = {
    "en": ["Trend", "Locations", "Norms most often missed", "Customer loyalty", "Score by phase"],
}


def text_of(response) -> str:
    return " ".join(" ".join(page) for page in pages_of(response))


def pages_of(response) -> list[list[str]]:
    """Each page's text lines, without the blank ones."""
    reader = PdfReader(io.BytesIO(response.content))
    return [
        [line for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages
    ]


@pytest.fixture
def crowded(world):
    """A region of 40 locations from weak to strong, each with three close audits in October
    2026: the leaderboard table runs over pages, in several tiers, and ends where, without
    keeping headings with what follows, "Norms most often missed" would end a page."""
    version = ChecklistVersionFactory(checklist__client=world.client)
    for number in range(40):
        location = LocationFactory(region=world.region, name=f"Store {number:02d}")
        base = 0.2 + number * 0.011
        for total in (base - 0.01, base, base + 0.01):
            scored_audit(
                location,
                version,
                total=total,
                visited=(2026, 10, 10),
                phases={"arrival": total},
                norms={"greet": (number % 3 != 0, 0.9)},
            )
    return world.region


@pytest.mark.django_db
def test_a_long_table_repeats_its_header_and_no_heading_ends_a_page(world, crowded):
    response = api_as(world.client_admin).get(
        f"/api/v1/scores/regions/{crowded.pk}/report.pdf", {"period": "2026-10"}
    )

    pages = pages_of(response)
    table_pages = [page for page in pages if any(line.startswith("Store ") for line in page)]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "# Location Overall score Tier" in " ".join(page), page[:5]
    for page in pages[:-1]:
        assert page[-1] not in HEADINGS["en"], page[-3:]


@pytest.fixture
def spread(world):
    """Two weak and two strong locations, four close audits each: two tiers."""
    version = ChecklistVersionFactory(checklist__client=world.client)
    for name, base in (("Weak", 0.2), ("Weaker", 0.22), ("Strong", 0.8), ("Stronger", 0.82)):
        location = LocationFactory(region=world.region, name=name)
        for total in (base - 0.01, base, base + 0.01, base):
            scored_audit(location, version, total=total, visited=(2026, 10, 10))
    return world.region


@pytest.mark.django_db
def test_tiers_are_named_and_explained(world, spread):
    text = text_of(
        api_as(world.client_admin).get(
            f"/api/v1/scores/regions/{spread.pk}/report.pdf", {"period": "2026-10"}
        )
    )

    assert "Locations in one tier are not clearly different from each other." in text
    assert "Stronger 82 %" in text
    assert text.index("Stronger") < text.index("Weak ")
    assert "1 Stronger 82 % (95% interval 66\u201398 %; 4 audits) Tier 1" in text
    assert "4 Weak 20 % (95% interval 4\u201336 %; 4 audits) Tier 2" in text


@pytest.mark.django_db
def test_met_and_missed_norms_carry_a_sign_and_a_word(world, scored):
    text = text_of(
        api_as(world.regional_manager).get(
            f"/api/v1/scores/locations/{scored.a.pk}/report.pdf", {"period": "2026-10"}
        )
    )

    # A in October: greet met 2 of 3 (target 90 %), smile 2 of 2 (target 50 %).
    assert "90 % \u2718 below the target" in text
    assert "50 % \u2714 meets the target" in text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "audits"), [("fi", "3 käyntiä"), ("hu", "3 látogatás")])
def test_decimal_commas_and_plurals_in_finnish_and_hungarian(world, scored, language, audits):
    text = text_of(
        api_as(world.regional_manager).get(
            f"/api/v1/scores/locations/{scored.a.pk}/report.pdf",
            {"period": "2026-10"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    )

    # The trend's table: October, three audits, 80.0 % with its interval.
    assert "2026-10 3 80,0 %" in text
    assert "80.0" not in text
    assert audits in text
    assert "2026-09 1 50,0 %" in text


@pytest.mark.django_db
def test_the_trend_shows_each_periods_value_and_interval(world, scored):
    response = api_as(world.regional_manager).get(
        f"/api/v1/scores/locations/{scored.a.pk}/report.pdf", {"period": "2026-10"}
    )
    card = (
        api_as(world.regional_manager)
        .get(f"/api/v1/scores/locations/{scored.a.pk}/", {"period": "2026-10"})
        .json()["score"]
    )
    text = text_of(response)

    low, high = f"{card['low'] * 100:.1f}", f"{card['high'] * 100:.1f}"
    assert f"2026-10 3 80.0 % {low}\u2013{high} %" in text
    assert "2026-05 0 \u2013 \u2013" in text  # a period without audits says so
    assert "1 audit" in text  # September's one
