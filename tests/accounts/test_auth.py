"""Token authentication fit for a phone: tokens expire and can be revoked."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD


def log_in(username: str, password: str = PASSWORD):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.mark.django_db
def test_login_returns_an_expiring_token_that_works(world):
    response = log_in("shopper-ann")

    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "shopper-ann"
    assert body["user"]["role"] == "auditor"
    assert body["user"]["works_for"] == ["Acme Retail"]
    expiry = AuthToken.objects.get(user=world.auditor).expiry
    assert timedelta(days=29) < expiry - timezone.now() <= timedelta(days=30)
    assert with_token(body["token"]).get("/api/v1/me/").json()["username"] == "shopper-ann"


@pytest.mark.django_db
def test_wrong_password_gets_400_with_a_code_and_no_token(world):
    response = log_in("shopper-ann", "wrong")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {
                "code": "invalid_credentials",
                "detail": "Unable to log in with the username and password given.",
                "attr": None,
            }
        ],
    }
    assert not AuthToken.objects.exists()


@pytest.mark.django_db
def test_missing_field_is_named(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "shopper-ann"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"code": "required", "detail": "This field is required.", "attr": "password"}
    ]


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(world):
    world.auditor.is_active = False
    world.auditor.save()

    assert log_in("shopper-ann").status_code == 400


@pytest.mark.django_db
def test_expired_token_gets_401(world):
    token = log_in("shopper-ann").json()["token"]
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    response = with_token(token).get("/api/v1/me/")

    assert response.status_code == 401


@pytest.mark.django_db
def test_a_request_checks_its_own_token_in_one_query(world):
    token = log_in("shopper-ann").json()["token"]
    for _ in range(3):
        log_in("shopper-ann")  # more tokens of the same user cost nothing per request

    with CaptureQueriesContext(connection) as queries:
        assert with_token(token).get("/api/v1/me/").status_code == 200

    token_queries = [q for q in queries if "knox_authtoken" in q["sql"]]
    assert len(token_queries) == 1


@pytest.mark.django_db
def test_logging_in_deletes_the_users_expired_tokens(world):
    log_in("shopper-ann")
    log_in("rev")
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    fresh = log_in("shopper-ann").json()["token"]

    assert AuthToken.objects.filter(user=world.auditor).count() == 1
    assert AuthToken.objects.filter(user=world.reviewer).count() == 1  # someone else's, kept
    assert with_token(fresh).get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_logout_revokes_only_this_token(world):
    phone = log_in("shopper-ann").json()["token"]
    tablet = log_in("shopper-ann").json()["token"]

    assert with_token(phone).post("/api/v1/auth/logout/").status_code == 204

    assert with_token(phone).get("/api/v1/me/").status_code == 401
    assert with_token(tablet).get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_logout_all_revokes_every_token_of_the_user_only(world):
    phone = log_in("shopper-ann").json()["token"]
    tablet = log_in("shopper-ann").json()["token"]
    someone_else = log_in("rev").json()["token"]

    assert with_token(phone).post("/api/v1/auth/logout-all/").status_code == 204

    assert with_token(tablet).get("/api/v1/me/").status_code == 401
    assert with_token(someone_else).get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/auth/logout/", "/api/v1/auth/logout-all/"])
def test_logout_needs_authentication(world, url):
    log_in("shopper-ann")

    response = APIClient().post(url)

    assert response.status_code == 401
    assert AuthToken.objects.count() == 1


@pytest.mark.django_db
def test_token_authenticated_checklist_fetch_works(world, default_codex):
    token = log_in("shopper-ann").json()["token"]

    response = with_token(token).get("/api/v1/checklists/")

    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.django_db
def test_me_shows_a_regional_managers_scope(world):
    response = with_token(log_in("rm").json()["token"]).get("/api/v1/me/")

    assert response.json() == {
        "id": world.regional_manager.pk,
        "username": "rm",
        "first_name": world.regional_manager.first_name,
        "last_name": world.regional_manager.last_name,
        "role": "regional_manager",
        "client": "Acme Retail",
        "works_for": [],
        "regions": ["North"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [b"Token \xff", b"Token \xc3\x28abc", "Token ő".encode(), b"Token a b", b"Token"],
)
def test_a_malformed_token_header_is_a_401_in_the_error_shape(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.decode("latin-1"))

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["type"] == "client_error"


@pytest.mark.django_db
def test_a_changed_password_signs_out_every_token_made_before_it(world):
    old = log_in("shopper-ann").json()["token"]
    assert with_token(old).get("/api/v1/me/").status_code == 200

    world.auditor.set_password("a-new-long-password-7")
    world.auditor.save()
    new = log_in("shopper-ann", "a-new-long-password-7").json()["token"]

    assert with_token(old).get("/api/v1/me/").status_code == 401
    assert with_token(new).get("/api/v1/me/").status_code == 200
