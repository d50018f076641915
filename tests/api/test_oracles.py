"""Nothing tells a signed-in user what exists beyond what they may see: filters on unknown and
invisible ids answer alike, and an auditor is refused every client-side endpoint the same way
whatever it names."""

import pytest

from reports.models import ReportJob
from tests.conftest import api_as
from tests.factories import ChecklistFactory


@pytest.mark.django_db
def test_a_checklist_filter_on_another_client_looks_like_one_on_no_client(world):
    ChecklistFactory(client=world.other_client)
    auditor = api_as(world.auditor)

    other = auditor.get("/api/v1/checklists/", {"client": world.other_client.pk})
    unknown = auditor.get("/api/v1/checklists/", {"client": 987654})

    assert other.status_code == unknown.status_code == 200
    assert other.json()["results"] == unknown.json()["results"] == []


CLIENT_SIDE = [
    ("get", lambda w: "/api/v1/exports/audits.csv"),
    ("get", lambda w: "/api/v1/exports/answers.xlsx"),
    ("get", lambda w: "/api/v1/scores/missed-norms/"),
    ("get", lambda w: "/api/v1/scores/persona-gap/?personas=a,b"),
    ("get", lambda w: "/api/v1/scores/compare/?locations=1,2"),
    ("get", lambda w: f"/api/v1/scores/regions/{w.region.pk}/leaderboard/"),
    ("get", lambda w: f"/api/v1/scores/regions/{w.other_region.pk}/leaderboard/"),
    ("get", lambda w: "/api/v1/scores/regions/987654/leaderboard/"),
    ("get", lambda w: f"/api/v1/scores/regions/{w.region.pk}/report.pdf?period=2026-11"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), CLIENT_SIDE)
def test_an_auditor_is_refused_client_side_endpoints_alike_for_any_object(world, method, url):
    response = getattr(api_as(world.auditor), method)(url(world))

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


@pytest.mark.django_db
def test_an_auditor_cannot_create_report_jobs(world):
    response = api_as(world.auditor).post(
        "/api/v1/jobs/",
        {"kind": "export", "dataset": "audits", "extension": "csv"},
        format="json",
    )

    assert response.status_code == 403
    assert not ReportJob.objects.exists()
