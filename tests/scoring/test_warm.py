"""A token reader's unchanged figures are answered before the framework runs
(``scoring.middleware``): with one statement, the same bytes and headers as the full stack, and
never for a token, reader or request the full stack would answer differently."""

import re
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import User
from tests.scoring.test_stored import approved_audit

OCT = {"period": "2026-10"}


def leaderboard_url(region) -> str:
    return f"/api/v1/scores/regions/{region.pk}/leaderboard/"


def with_token(user) -> tuple[APIClient, AuthToken]:
    instance, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client, instance


def counted(client, url, params=None, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {}, **extra)
    return response, [q["sql"] for q in queries.captured_queries]


def headers_of(response) -> dict:
    return {k: v for k, v in response.headers.items() if k != "X-Request-ID"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "request_of",
    [
        lambda s, w: (leaderboard_url(w.region), OCT),
        lambda s, w: (f"/api/v1/scores/locations/{s.a.pk}/", OCT),
        lambda s, w: ("/api/v1/scores/compare/", {**OCT, "locations": f"{s.a.pk},{s.b.pk}"}),
        lambda s, w: ("/api/v1/scores/missed-norms/", OCT),
        lambda s, w: ("/api/v1/scores/persona-gap/", {"personas": "novice,expert"}),
        lambda s, w: ("/api/v1/scores/visits-needed/", {**OCT, "locations": f"{s.a.pk},{s.b.pk}"}),
    ],
    ids=["leaderboard", "scorecard", "compare", "missed-norms", "persona-gap", "visits-needed"],
)
def test_a_repeated_request_is_one_statement_and_the_same_answer(world, scored, request_of):
    manager, _ = with_token(world.regional_manager)
    url, params = request_of(scored, world)

    first, first_queries = counted(manager, url, params)
    again, again_queries = counted(manager, url, params)

    assert first.status_code == again.status_code == 200
    assert len(first_queries) > 1
    assert len(again_queries) == 1, again_queries
    assert "knox_authtoken" in again_queries[0]
    assert again.content == first.content
    assert headers_of(again) == headers_of(first)
    assert again["X-Request-ID"] != first["X-Request-ID"]


@pytest.mark.django_db
def test_each_warm_answer_carries_the_request_id_it_was_given(world, scored):
    manager, _ = with_token(world.regional_manager)
    manager.get(leaderboard_url(world.region), OCT)

    again = manager.get(leaderboard_url(world.region), OCT, HTTP_X_REQUEST_ID="phone-1234-abcd")

    assert again["X-Request-ID"] == "phone-1234-abcd"


@pytest.mark.django_db
def test_a_logged_out_token_is_refused_at_once(world, scored):
    manager, _ = with_token(world.regional_manager)
    assert manager.get(leaderboard_url(world.region), OCT).status_code == 200

    assert manager.post("/api/v1/auth/logout/").status_code == 204

    assert manager.get(leaderboard_url(world.region), OCT).status_code == 401


@pytest.mark.django_db
def test_an_expired_token_is_refused(world, scored):
    manager, token = with_token(world.regional_manager)
    assert manager.get(leaderboard_url(world.region), OCT).status_code == 200

    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))

    assert manager.get(leaderboard_url(world.region), OCT).status_code == 401


@pytest.mark.django_db
def test_a_wrong_token_with_a_right_key_is_refused(world, scored):
    manager, token = with_token(world.regional_manager)
    assert manager.get(leaderboard_url(world.region), OCT).status_code == 200
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION=f"Token {token.token_key}{'0' * 49}")

    assert forged.get(leaderboard_url(world.region), OCT).status_code == 401


@pytest.mark.django_db
def test_a_reader_deactivated_behind_the_models_back_is_refused(world, scored):
    # An update() sends no signal and renews no stamp: the warm path checks the reader itself.
    manager, _ = with_token(world.regional_manager)
    assert manager.get(leaderboard_url(world.region), OCT).status_code == 200

    User.objects.filter(pk=world.regional_manager.pk).update(is_active=False)

    assert manager.get(leaderboard_url(world.region), OCT).status_code == 401


@pytest.mark.django_db
def test_a_role_changed_behind_the_models_back_is_answered_afresh(world, scored):
    admin, _ = with_token(world.client_admin)
    url = leaderboard_url(world.other_region)
    assert admin.get(url, OCT).status_code == 200

    # A regional manager of no region sees none.
    User.objects.filter(pk=world.client_admin.pk).update(role="regional_manager")

    assert admin.get(url, OCT).status_code == 404


@pytest.mark.django_db
def test_an_approval_shows_at_once(world, field):
    admin, _ = with_token(world.client_admin)
    url = leaderboard_url(world.region)
    assert admin.get(url).json()["locations"] == []

    approved_audit(world, field)

    assert [row["location"]["name"] for row in admin.get(url).json()["locations"]] == ["Kamppi"]


@pytest.mark.django_db
def test_a_manager_taken_off_a_region_gets_404_at_once(world, scored):
    manager, _ = with_token(world.regional_manager)
    assert manager.get(leaderboard_url(world.region), OCT).status_code == 200

    world.regional_manager.regions.remove(world.region)

    assert manager.get(leaderboard_url(world.region), OCT).status_code == 404


@pytest.mark.django_db
def test_readers_do_not_share_entries(world, scored):
    admin, _ = with_token(world.client_admin)
    manager, _ = with_token(world.regional_manager)
    url = leaderboard_url(world.other_region)  # South: the admin's, not the manager's

    assert admin.get(url, OCT).status_code == 200
    assert manager.get(url, OCT).status_code == 404


@pytest.mark.django_db
def test_each_language_has_its_own_entry(world, scored):
    manager, _ = with_token(world.regional_manager)
    url = f"/api/v1/scores/locations/{scored.a.pk}/"
    english = manager.get(url, OCT, HTTP_ACCEPT_LANGUAGE="en")

    finnish = manager.get(url, OCT, HTTP_ACCEPT_LANGUAGE="fi")

    assert english["Content-Language"] == "en"
    assert finnish["Content-Language"] == "fi"
    assert english.json()["warnings"] != finnish.json()["warnings"]


@pytest.mark.django_db
def test_errors_are_answered_afresh(world, scored):
    manager, _ = with_token(world.regional_manager)
    url = f"/api/v1/scores/locations/{scored.a.pk}/"
    assert manager.get(url, {"period": "2026-13"}).status_code == 400

    again, queries = counted(manager, url, {"period": "2026-13"})

    assert again.status_code == 400
    assert len(queries) > 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "agency_admin"])
def test_agency_readers_are_answered_by_the_full_stack(world, scored, role):
    reader, _ = with_token(getattr(world, role))
    reader.get(leaderboard_url(world.region), OCT)

    again, queries = counted(reader, leaderboard_url(world.region), OCT)

    assert again.status_code == 200
    assert any("scoring_auditscore" in sql for sql in queries)


@pytest.mark.django_db
def test_the_warm_path_can_be_turned_off_with_the_cache(world, scored, settings):
    settings.SCORES_CACHE_SECONDS = 0
    manager, _ = with_token(world.regional_manager)
    manager.get(leaderboard_url(world.region), OCT)

    _, queries = counted(manager, leaderboard_url(world.region), OCT)

    assert any("scoring_auditscore" in sql for sql in queries)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_that_died_costs_no_request(world, scored):
    # The reader check stands in for the connection's health check: when the database dropped
    # the kept connection (a restart), the request goes down the full stack, which reconnects.
    manager, _ = with_token(world.regional_manager)
    url = leaderboard_url(world.region)
    first = manager.get(url, OCT)
    pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    again = manager.get(url, OCT)

    assert again.status_code == 200
    assert again.content == first.content
    assert connection.connection.info.backend_pid != pid


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_reader_check_is_prepared_once_per_connection(world, scored):
    manager, _ = with_token(world.regional_manager)
    for _ in range(3):
        assert manager.get(leaderboard_url(world.region), OCT).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%knox_authtoken%"],
        )
        assert cursor.fetchone()[0] == 1


def page_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def signs_out(browser, page) -> int:
    """The status of signing out with the CSRF token of ``page`` (302: accepted)."""
    token = page_token(page.content.decode())
    return browser.post("/portal/sign-out/", {"csrfmiddlewaretoken": token}).status_code


@pytest.mark.django_db
def test_a_reloaded_leaderboard_page_is_one_statement_with_its_own_csrf_token(world, scored):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"
    first = browser.get(url)

    again, queries = counted(browser, url)

    assert again.status_code == 200
    assert len(queries) == 1, queries
    assert "scoring_scoresstamp" in queries[0]
    assert page_token(again.content.decode()) != page_token(first.content.decode())
    assert again.content.decode().replace(page_token(again.content.decode()), "") == (
        first.content.decode().replace(page_token(first.content.decode()), "")
    )
    assert headers_of(again) == headers_of(first)
    assert again.cookies["csrftoken"].value == first.cookies["csrftoken"].value
    # The token in the kept page works.
    assert signs_out(browser, again) == 302


@pytest.mark.django_db
def test_a_browser_without_a_csrf_cookie_gets_one_with_a_kept_page(world, scored):
    first = Client()
    first.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"
    first.get(url)
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME]

    with_session_only = browser.get(url)
    again = browser.get(url)  # now with the cookie it was given

    assert with_session_only.cookies["csrftoken"].value
    assert again.status_code == 200
    assert signs_out(browser, again) == 302


@pytest.mark.django_db
def test_a_signed_out_session_gets_no_kept_page(world, scored):
    browser = Client()
    browser.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"
    assert browser.get(url).status_code == 200
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value

    browser.post("/portal/sign-out/")
    browser.cookies[settings.SESSION_COOKIE_NAME] = session  # replayed

    assert browser.get(url).status_code == 302


@pytest.mark.django_db
def test_a_changed_password_ends_the_kept_pages_of_other_sessions(world, scored):
    browser = Client()
    browser.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"
    assert browser.get(url).status_code == 200

    # Behind the models' back: no stamp is renewed, the session's hash no longer holds.
    User.objects.filter(pk=world.regional_manager.pk).update(password="md5$other$0")

    assert browser.get(url).status_code == 302


@pytest.mark.django_db
def test_a_session_reads_the_api_warm_too(world, scored):
    browser = Client()
    browser.force_login(world.regional_manager)
    url = leaderboard_url(world.region)
    first = browser.get(url, OCT)

    again, queries = counted(browser, url, OCT)

    assert again.content == first.content
    assert len(queries) == 1, queries


@pytest.mark.django_db
def test_pages_that_are_not_kept_are_untouched(world, scored):
    browser = Client()
    browser.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/norms/"
    browser.get(url)

    _, queries = counted(browser, url)

    assert not any("scoring_scoresstamp" in sql and "password" in sql for sql in queries)


@pytest.mark.django_db
def test_a_page_goes_by_its_session_alone(world, scored):
    # A page is signed in with a session; a token beside an ended session opens nothing.
    browser = Client()
    browser.force_login(world.regional_manager)
    url = f"/portal/regions/{world.region.pk}/"
    _, token = AuthToken.objects.create(user=world.regional_manager)
    assert browser.get(url, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    browser.post("/portal/sign-out/")
    browser.cookies[settings.SESSION_COOKIE_NAME] = session

    assert browser.get(url, HTTP_AUTHORIZATION=f"Token {token}").status_code == 302
