"""The portal's pages beyond the leaderboard: side by side, norms most missed, persona gap, the
visit behind a figure (without the auditor) with its appeals, and downloads, each behind the
API's gate."""

import pytest

from audits.models import Appeal
from reports.models import ReportJob
from tests.audits.test_appeals import disputed  # noqa: F401 - a shared fixture
from tests.factories import ChecklistVersionFactory, LocationFactory
from tests.scoring.conftest import scored, scored_audit  # noqa: F401 - a shared fixture


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_side_by_side_shows_each_location_phase_and_norm_with_n_and_interval(
    client,
    world,
    scored,  # noqa: F811
):
    page = signed_in(client, world.regional_manager).get(
        "/portal/compare/", {"locations": [scored.a.pk, scored.b.pk], "period": "2026-10"}
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert ">A</a>" in text
    assert ">B</a>" in text
    # A in October: 0.8, 0.6, 1.0 -> 80 %; greet met 2 of 3 -> 67 %; B greet 1 of 2 -> 50 %.
    assert "80 %" in text
    assert "n = 3" in text
    assert "n = 2" in text
    assert ">greet</th>" in text
    assert "67 %" in text
    assert "50 %" in text
    assert ">arrival</th>" in text  # phases by name (the test codex has none: the key)


@pytest.mark.django_db
def test_side_by_side_of_a_location_not_theirs_is_a_404_page(client, world, scored):  # noqa: F811
    manager = signed_in(client, world.regional_manager)

    for foreign in (scored.c.pk, scored.x.pk, 999999):
        page = manager.get("/portal/compare/", {"locations": f"{scored.a.pk},{foreign}"})
        assert page.status_code == 404
    assert "Tick the locations" in manager.get("/portal/compare/").content.decode()
    assert "by their ids" in manager.get("/portal/compare/?locations=a").content.decode()


@pytest.mark.django_db
def test_norms_most_missed_in_a_region(client, world, scored):  # noqa: F811
    page = signed_in(client, world.regional_manager).get(
        f"/portal/regions/{world.region.pk}/norms/", {"period": "2026-10"}
    )

    text = page.content.decode()
    assert page.status_code == 200
    # North in October: greet missed 2 of 5, smile 1 of 3.
    assert text.index(">greet</th>") < text.index(">smile</th>")
    assert "2 / 5" in text
    assert "1 / 3" in text
    assert "below the target" in text
    south = signed_in(client, world.regional_manager).get(
        f"/portal/regions/{world.other_region.pk}/norms/"
    )
    assert south.status_code == 404


@pytest.mark.django_db
def test_persona_gap_in_a_region(client, world, scored):  # noqa: F811
    page = signed_in(client, world.regional_manager).get(
        f"/portal/regions/{world.region.pk}/personas/",
        {"period": "2026-10", "personas": "novice,expert"},
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Over the 2 locations where every persona was played." in text
    # novice: 0.8, 1.0, 0.4 -> 73 %; expert: 0.6, 0.5 -> 55 %; the gap -18 points.
    assert "73 %" in text
    assert "55 %" in text
    assert "-18" in text
    assert "not clearly different" in text


@pytest.mark.django_db
def test_a_region_against_its_competitors_without_naming_them(client, world, scored):  # noqa: F811
    version = ChecklistVersionFactory(checklist__client=world.client)
    store = LocationFactory(region=world.region, name="Kilpailija Keskusta", competitor=True)
    for total in (0.5, 0.7):
        scored_audit(store, version, total=total, visited=(2026, 10, 6), phases={"arrival": 0.6})
    manager = signed_in(client, world.regional_manager)

    page = manager.get(f"/portal/regions/{world.region.pk}/competitors/", {"period": "2026-10"})
    board = manager.get(f"/portal/regions/{world.region.pk}/", {"period": "2026-10"})
    south = manager.get(f"/portal/regions/{world.other_region.pk}/competitors/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "1 competitor location in this region" in text
    # North in October: A 0.8, 0.6, 1.0 and B 0.4, 0.5 -> 66 %; the competitor 0.5, 0.7 -> 60 %.
    assert "66 %" in text
    assert "60 %" in text
    assert "+6" in text
    assert "not clearly different" in text
    assert "Kilpailija" not in text
    assert "Kilpailija" not in board.content.decode()
    assert f"/portal/regions/{world.region.pk}/competitors/" in board.content.decode()
    assert south.status_code == 404


@pytest.mark.django_db
def test_filters_as_in_the_api_and_a_refused_one_shown(client, world, scored):  # noqa: F811
    manager = signed_in(client, world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"

    phone = manager.get(url, {"channel": "phone", "situation": "", "persona": ""})
    bad = manager.get(url, {"period": "2026-13"})

    assert ">B</a></td><td>1 <abbr" in phone.content.decode()  # B's one phone audit
    assert ">A</a>" not in phone.content.decode().split("<tbody>")[1]
    assert "Give a month" in bad.content.decode()


@pytest.mark.django_db
def test_the_visit_behind_a_figure_shows_items_without_the_auditor(client, world, disputed):  # noqa: F811
    audit, other, item = disputed
    manager = signed_in(client, world.regional_manager)

    page = manager.get(f"/portal/visits/{audit.pk}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert item.text in text
    assert "norm met" in text or "norm missed" in text
    assert f"/api/v1/audits/{audit.pk}/report.pdf" in text
    for trace in (world.auditor.username, world.auditor.first_name or "@@", world.auditor.email):
        assert trace not in text
    assert manager.get(f"/portal/visits/{other.pk}/").status_code == 404  # South's
    location = manager.get(f"/portal/locations/{audit.assignment.location_id}/")
    assert f"/portal/visits/{audit.pk}/" in location.content.decode()


@pytest.mark.django_db
def test_an_appeal_from_the_page_shows_errors_then_its_outcome(client, world, disputed):  # noqa: F811
    audit, _other, item = disputed
    manager = signed_in(client, world.regional_manager)
    url = f"/portal/visits/{audit.pk}/appeals/"

    blank = manager.post(url, {"item": item.key, "reason": ""})
    unknown = manager.post(url, {"item": "no-such-item", "reason": "Wrong."})
    filed = manager.post(url, {"item": item.key, "reason": "The greeting was given."})
    twice = manager.post(url, {"item": item.key, "reason": "Again."})

    assert blank.status_code == 400
    assert "This field is required." in blank.content.decode()
    assert unknown.status_code == 400
    assert "no such item" in unknown.content.decode()
    assert filed.status_code == 302
    assert twice.status_code == 400
    assert "already under appeal" in twice.content.decode()
    appeal = Appeal.objects.get(audit=audit)
    assert appeal.reason == "The greeting was given."
    appeal.status, appeal.decision_note = "dismissed", "The recording shows no greeting."
    appeal.save()
    page = manager.get(f"/portal/visits/{audit.pk}/").content.decode()
    assert "The recording shows no greeting." in page
    # The agency reads the page but does not appeal; another region's manager sees nothing.
    assert (
        "Dispute this item"
        not in signed_in(client, world.reviewer).get(f"/portal/visits/{audit.pk}/").content.decode()
    )
    assert signed_in(client, world.reviewer).post(url, {"item": item.key}).status_code == 403


@pytest.mark.django_db
def test_an_appeal_form_is_in_finnish_for_a_finnish_reader(client, world, disputed):  # noqa: F811
    audit, _other, item = disputed
    manager = signed_in(client, world.regional_manager)
    client.cookies["django_language"] = "fi"

    blank = manager.post(f"/portal/visits/{audit.pk}/appeals/", {"item": item.key, "reason": ""})

    assert blank.status_code == 400
    assert "Tämä kenttä vaaditaan." in blank.content.decode()
    assert '<html lang="fi">' in blank.content.decode()


@pytest.mark.django_db
def test_a_small_export_downloads_at_once_and_a_large_one_becomes_a_job(
    client,
    world,
    scored,  # noqa: F811
    settings,
):
    manager = signed_in(client, world.regional_manager)

    small = manager.get("/portal/exports/audits.csv", {"region": world.region.pk, "period": ""})
    assert small.status_code == 302
    assert small["Location"].startswith("/api/v1/exports/audits.csv?region=")
    download = manager.get(small["Location"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).count(b"\n") == 1 + 6  # North's six audits

    settings.EXPORT_STREAM_MAX_AUDITS = 1
    large = manager.get("/portal/exports/audits.xlsx", {"region": world.region.pk})
    job = ReportJob.objects.get()
    assert large["Location"] == f"/portal/jobs/{job.pk}/"
    page = manager.get(large["Location"]).content.decode()
    assert f"/api/v1/jobs/{job.pk}/" in page  # what the page asks for its progress
    assert "<progress" in page
    assert f"/api/v1/jobs/{job.pk}/download/" in page
    foreign = manager.get(f"/portal/exports/audits.xlsx?region={world.other_region.pk}")
    assert foreign.status_code == 404
    assert manager.get("/portal/exports/secrets.txt").status_code == 404


@pytest.mark.django_db
def test_a_region_period_as_pdfs_is_a_job_and_a_bad_period_is_shown(client, world, scored):  # noqa: F811
    manager = signed_in(client, world.regional_manager)

    bad = manager.post(f"/portal/regions/{world.region.pk}/pdfs/", {"period": "soon"})
    foreign = manager.post(f"/portal/regions/{world.other_region.pk}/pdfs/", {"period": "2026-10"})

    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode()
    assert foreign.status_code == 404
    assert not ReportJob.objects.exists()
    # Another reader's job is not theirs to watch.
    other = signed_in(client, world.client_admin)
    settings_job = other.post(f"/portal/regions/{world.region.pk}/pdfs/", {"period": "2026-10"})
    job = ReportJob.objects.get()
    assert settings_job["Location"] == f"/portal/jobs/{job.pk}/"
    # Its page names the report, in the reader's language.
    page = other.get(f"/portal/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f"<h1>{world.region.name}: käyntien PDF-tiedostot, 2026-10</h1>" in page
    watched = signed_in(client, world.regional_manager).get(f"/portal/jobs/{job.pk}/")
    assert watched.status_code == 404


@pytest.mark.django_db
def test_the_filter_form_names_situations_and_channels_in_the_readers_language(
    client,
    world,
    disputed,  # noqa: F811
):
    manager = signed_in(client, world.regional_manager)
    client.cookies["django_language"] = "fi"

    page = manager.get(f"/portal/regions/{world.region.pk}/").content.decode()

    assert (
        '<option value="product_inquiry">Tuotteesta tai palvelusta kysyvä asiakas</option>' in page
    )
    assert '<option value="phone">Puhelin</option>' in page


@pytest.mark.django_db
def test_an_export_the_api_would_refuse_is_a_page_saying_why(client, world, scored, settings):  # noqa: F811
    manager = signed_in(client, world.regional_manager)

    for query, reason in (
        ({"period": "2026-13"}, "Give a month"),
        ({"excel": "yes"}, "Give true or false."),
        ({"region": "north"}, "A whole number."),
    ):
        page = manager.get("/portal/exports/audits.csv", query)
        assert page.status_code == 400, query
        assert reason in page.content.decode()
    settings.EXPORT_STREAM_MAX_AUDITS = 1
    large = manager.get("/portal/exports/audits.csv", {"excel": "true"})
    assert ReportJob.objects.get().params["excel"] is True
    assert large["Location"].startswith("/portal/jobs/")
