"""The quickstart a new user runs: demo data, default codex, credentials printed."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import User
from audits.models import Audit, Flag
from organizations.models import Location
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
    assert len(checklists) == 28


@pytest.mark.django_db
def test_quickstart_makes_audits_a_manager_and_a_reviewer_can_work_with(settings):
    settings.DEBUG = True
    call_command("quickstart")
    call_command("quickstart")  # the demo audits are made once

    # Six months of visits at four locations and a competitor's, twice a month each, and the
    # follow-up calls after last month's visits at the four, approved and scored.
    assert Audit.objects.filter(status="approved").count() == 68
    assert AuditScore.objects.count() == 68
    assert AuditScore.objects.filter(followed_up=True).count() == 8
    assert Audit.objects.filter(status="submitted").count() == 2
    assert list(Flag.objects.values_list("code", "audit__status")) == [
        ("check_in_too_far", "submitted")
    ]
    manager = signed_in("manager")
    region = User.objects.get(username="manager").regions.get()
    board = manager.get(f"/api/v1/scores/regions/{region.pk}/leaderboard/").json()
    assert [(row["location"]["name"], row["score"]["audits"]) for row in board["locations"]] == [
        ("Helsinki Kamppi", 14),
        ("Espoo Iso Omena", 14),
    ]
    assert [row["tier"] for row in board["locations"]] == [1, 2]  # clearly apart
    # The competitor's store counts only against its region's, and is never named.
    against = manager.get("/api/v1/scores/competitors/", {"region": region.pk}).json()
    assert against["competitor_stores"] == 1
    assert (against["overall"]["own"]["audits"], against["overall"]["competitors"]["audits"]) == (
        28,
        12,
    )
    pending = signed_in("reviewer").get("/api/v1/audits/", {"status": "submitted"}).json()
    assert len(pending["results"]) == 2

    # The new items' figures: what the visits did for the customer, better where the service
    # is, and the matched pair's age gap at Debrecen (its pensioner is served worse).
    admin = signed_in("clientadmin")
    outcomes = {
        name: admin.get(f"/api/v1/scores/locations/{pk}/").json()["outcomes"]
        for pk, name in Location.objects.own().values_list("pk", "name")
    }
    assert {o["lost_sale"]["audits"] for o in outcomes.values()} == {14}
    follow_ups = admin.get(
        f"/api/v1/scores/locations/{Location.objects.get(name='Helsinki Kamppi').pk}/"
    ).json()["follow_ups"]
    assert follow_ups["audits"] == 2
    assert follow_ups["promise_kept"]["audits"] == 2
    assert outcomes["Helsinki Kamppi"]["lost_sale"]["rate"] < 0.33
    assert (
        outcomes["Helsinki Kamppi"]["more_satisfied"]["rate"]
        > outcomes["Debrecen Fórum"]["more_satisfied"]["rate"]
    )
    gap = admin.get(
        "/api/v1/scores/persona-gap/",
        {
            "personas": "young_novice_man,novice_pensioner",
            "location": Location.objects.get(name="Debrecen Fórum").pk,
        },
    ).json()["gaps"][0]
    assert (gap["differs_in"], gap["matched_pair"]) == (["age_band"], True)
    assert gap["difference"] < 0


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
