"""The quickstart a new user runs: demo data, default codex, credentials printed."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import User
from audits.models import Audit, Flag
from scoring.models import AuditScore


@pytest.mark.django_db
def test_quickstart_installs_demo_users_who_can_fetch_a_checklist(capsys, settings):
    settings.DEBUG = True
    call_command("quickstart")
    call_command("quickstart")  # a second run changes nothing and does not fail

    output = capsys.readouterr().out
    assert "http://127.0.0.1:8000/api/docs/" in output
    assert "password for all: demo-password" in output
    assert User.objects.filter(username="auditor").count() == 1
    api = APIClient()
    login = api.post(
        "/api/v1/auth/token/", {"username": "auditor", "password": "demo-password"}, format="json"
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    checklists = api.get("/api/v1/checklists/", {"page_size": 100}).json()["results"]
    assert len(checklists) == 24


@pytest.mark.django_db
def test_quickstart_makes_audits_a_manager_and_a_reviewer_can_work_with(settings):
    settings.DEBUG = True
    call_command("quickstart")
    call_command("quickstart")  # the demo audits are made once

    # Six months of visits at four locations, twice a month each, approved and scored.
    assert Audit.objects.filter(status="approved").count() == 48
    assert AuditScore.objects.count() == 48
    assert Audit.objects.filter(status="submitted").count() == 2
    assert list(Flag.objects.values_list("code", "audit__status")) == [
        ("check_in_too_far", "submitted")
    ]
    manager = signed_in("manager")
    region = User.objects.get(username="manager").regions.get()
    board = manager.get(f"/api/v1/scores/regions/{region.pk}/leaderboard/").json()
    assert [(row["location"]["name"], row["score"]["audits"]) for row in board["locations"]] == [
        ("Helsinki Kamppi", 12),
        ("Espoo Iso Omena", 12),
    ]
    assert [row["tier"] for row in board["locations"]] == [1, 2]  # clearly apart
    pending = signed_in("reviewer").get("/api/v1/audits/", {"status": "submitted"}).json()
    assert len(pending["results"]) == 2


def signed_in(username: str) -> APIClient:
    api = APIClient()
    login = api.post(
        "/api/v1/auth/token/", {"username": username, "password": "demo-password"}, format="json"
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    return api


@pytest.mark.django_db
def test_quickstart_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        call_command("quickstart")
