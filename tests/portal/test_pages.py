"""The portal's pages through Django's test client: who sees what (the API's gate), sign-in
under the API login's throttle and lockout, the reader's language."""

import pytest
from django.test import Client

from actions.models import Action
from notifications.models import Endpoint
from notifications.services import email_events
from tests.actions.test_actions import greet  # noqa: F401 - a shared fixture
from tests.factories import UserFactory
from tests.scoring.conftest import scored  # noqa: F401 - a shared fixture


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_manager_sees_their_regions_leaderboard_in_tiers_with_intervals(client, world, scored):  # noqa: F811
    page = signed_in(client, world.regional_manager).get(f"/portal/regions/{world.region.pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert ">A</a>" in text
    assert ">B</a>" in text
    assert ">C</a>" not in text  # South's
    assert 'class="interval"' in text
    assert "The data tells 1 tier of locations apart." in text


@pytest.mark.django_db
def test_what_a_reader_may_not_see_is_a_404_page(client, world, scored):  # noqa: F811
    manager = signed_in(client, world.regional_manager)

    south = manager.get(f"/portal/locations/{scored.c.pk}/")
    other_client = manager.get(f"/portal/locations/{scored.x.pk}/")
    nowhere = manager.get("/portal/locations/999999/")
    region = manager.get(f"/portal/regions/{world.other_region.pk}/")

    for page in (south, other_client, nowhere, region):
        assert page.status_code == 404
        assert page["Content-Type"].startswith("text/html")
        assert "Not found" in page.content.decode()
    # The same for what does not exist and what is not theirs: nothing tells them apart.
    assert south.content.decode().replace("csrfmiddlewaretoken", "").count("Not found") == (
        nowhere.content.decode().count("Not found")
    )


@pytest.mark.django_db
def test_a_client_admin_sees_every_region_and_an_auditor_no_page(client, world, scored):  # noqa: F811
    home = signed_in(client, world.client_admin).get("/portal/")
    assert "North" in home.content.decode()
    assert "South" in home.content.decode()
    client.logout()
    refused = signed_in(client, world.auditor).get(f"/portal/regions/{world.region.pk}/")
    assert refused.status_code == 403


@pytest.mark.django_db
def test_signed_out_the_pages_ask_to_sign_in(client, world):
    page = client.get("/portal/")
    assert page.status_code == 302
    assert page["Location"].startswith("/portal/sign-in/")


@pytest.mark.django_db
def test_sign_in_and_out_with_a_session(client, world):
    user = UserFactory(username="rm2", role="regional_manager", client=world.client)
    user.set_password("a-good-pass-1")
    user.save()

    page = client.post("/portal/sign-in/", {"username": "rm2", "password": "a-good-pass-1"})

    assert page.status_code == 302
    assert client.get("/portal/").status_code == 200
    client.post("/portal/sign-out/")
    assert client.get("/portal/").status_code == 302


@pytest.mark.django_db
def test_sign_in_shares_the_api_logins_lockout(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login_failures": "3/15min",
        },
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    user = UserFactory(username="rm3", role="regional_manager", client=world.client)
    user.set_password("a-good-pass-1")
    user.save()
    for _ in range(3):
        wrong = client.post("/portal/sign-in/", {"username": "rm3", "password": "wrong"})
        assert wrong.status_code == 200  # the form again, with its error

    locked = client.post("/portal/sign-in/", {"username": "rm3", "password": "a-good-pass-1"})
    api = client.post(
        "/api/v1/auth/token/",
        {"username": "rm3", "password": "a-good-pass-1"},
        content_type="application/json",
    )

    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert api.status_code == 429
    api_settings.reload()


@pytest.mark.django_db
def test_pages_speak_the_readers_language(client, world, scored):  # noqa: F811
    manager = signed_in(client, world.regional_manager)

    finnish = manager.get(f"/portal/locations/{scored.a.pk}/", HTTP_ACCEPT_LANGUAGE="fi")
    hungarian = manager.get(f"/portal/locations/{scored.a.pk}/", HTTP_ACCEPT_LANGUAGE="hu")

    assert '<html lang="fi">' in finnish.content.decode()
    assert "Vaiheet" in finnish.content.decode()
    assert '<html lang="hu">' in hungarian.content.decode()
    assert "Szakaszok" in hungarian.content.decode()


@pytest.mark.django_db
def test_a_manager_opens_an_action_from_the_location_page(client, world, scored, greet):  # noqa: F811
    manager = signed_in(client, world.regional_manager)
    url = f"/portal/locations/{scored.a.pk}/actions/"

    refused = manager.post(
        url,
        {"norm": "greet", "what": "", "owner": "Shift lead", "due_on": "2026-13-01"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert refused.status_code == 400
    assert "Tämä kenttä vaaditaan." in refused.content.decode()  # "This field is required."
    assert not Action.objects.exists()

    made = manager.post(
        url,
        {
            "norm": "greet",
            "what": "A second person at the door.",
            "owner": "Shift lead",
            "due_on": "2026-01-31",
        },
    )
    assert made.status_code == 302
    page = manager.get(f"/portal/locations/{scored.a.pk}/").content.decode()
    assert "A second person at the door." in page
    assert "overdue" in page
    home = manager.get("/portal/").content.decode()
    assert "Overdue actions" in home
    action = Action.objects.get()
    manager.post(f"/portal/actions/{action.pk}/", {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    # Another region's manager cannot touch it.
    client.logout()
    from tests.factories import UserFactory as Users

    south = Users(
        username="rm-s", role="regional_manager", client=world.client, regions=[world.other_region]
    )
    client.force_login(south)
    assert client.post(f"/portal/actions/{action.pk}/", {"status": "open"}).status_code == 404
    assert (
        client.post(
            url, {"norm": "greet", "what": "x", "owner": "y", "due_on": "2026-01-31"}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_cached_leaderboard_carries_the_readers_own_csrf_token(world, scored, settings):  # noqa: F811
    import re

    from django.test import Client

    settings.SCORES_CACHE_SECONDS = 60
    url = f"/portal/regions/{world.region.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.regional_manager)
    first.get(url)  # fills the cache
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.regional_manager)

    page = second.get(url).content.decode()  # from the cache

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "csrf-token-of-this-request" not in page
    signed_out = second.post("/portal/sign-out/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert second.get("/portal/").status_code == 302


@pytest.mark.django_db
def test_every_form_is_refused_without_its_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.client_admin)
    for path, body in (
        ("/portal/notifications/", {"form": "email", "events": ["audit.approved"]}),
        ("/portal/notifications/", {"form": "endpoint", "url": "https://hooks.example.com/"}),
        ("/portal/visits/1/appeals/", {"item": "greeting", "reason": "Wrong."}),
        (f"/portal/locations/{world.region.pk}/actions/", {"norm": "greet"}),
        ("/portal/actions/1/", {"status": "done"}),
        (f"/portal/regions/{world.region.pk}/pdfs/", {"period": "2026-10"}),
        ("/portal/codex/1/sign-off/", {"comment": "Fine."}),
        ("/portal/sign-out/", {}),
    ):
        assert strict.post(path, body).status_code == 403, path
    assert email_events(world.client_admin) == []
    assert not Endpoint.objects.exists()
