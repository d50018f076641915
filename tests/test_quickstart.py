"""The quickstart a new user runs: demo data, default codex, credentials printed."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import User


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
def test_quickstart_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        call_command("quickstart")
