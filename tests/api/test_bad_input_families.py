"""Hostile and odd input to every endpoint family besides the phone's uploads (those are in
tests/audits/test_bad_input.py): sign-in, assignments, checklists, review, scores and reports.
Hand-picked values plus generated query strings: never a 5xx, always the error shape, nothing
changed by a refused request."""

import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.models import Assignment, Audit, Flag, ReviewComment
from reports.models import ReportJob
from tests.audits.conftest import visit_payload
from tests.conftest import api_as

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    "\x00",
    "a\x00b",
    "\ud83d",
    "9" * 400,
    "-1",
    "0",
    "1e400",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0000-00",
    "9999-12",
    "9999-Q4",
    "0000-Q1",
    "2026-02-30",
    "../../etc/passwd",
    "' OR 1=1 --",
    "%00",
    "1,2,abc",
    ",,,",
    "x" * 5000,
]


def get(user, path, params: dict):
    """A GET as a buggy client would send it: a lone surrogate goes out as its three UTF-8-like
    bytes (which no strict encoder would write)."""
    query = "&".join(
        f"{quote(key)}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for key, value in params.items()
    )
    return api_as(user).get(path, QUERY_STRING=query)


def post_json(user, path, body):
    """JSON with ASCII escapes, as phones send it (a lone surrogate as \\ud83d)."""
    return api_as(user).generic("POST", path, json.dumps(body), content_type="application/json")


def assert_handled(response, allowed=(200, 201, 202, 400, 403, 404, 409, 413, 415)):
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        body = response.json()
        assert body["type"] in {"validation_error", "client_error"}
        assert all({"code", "detail", "attr"} <= set(error) for error in body["errors"])


def reader_gets(world):
    """Every GET endpoint with query parameters, and who may read it."""
    return [
        (world.auditor, "/api/v1/assignments/", ["since", "limit"]),
        (world.auditor, "/api/v1/checklists/", ["client", "channel", "situation_key", "cursor"]),
        (world.reviewer, "/api/v1/audits/", ["status", "cursor"]),
        (
            world.client_admin,
            "/api/v1/scores/compare/",
            ["locations", "period", "from", "to", "situation", "channel", "persona"],
        ),
        (world.client_admin, "/api/v1/scores/missed-norms/", ["region", "period", "from", "to"]),
        (world.client_admin, "/api/v1/scores/persona-gap/", ["personas", "region", "period"]),
        (
            world.client_admin,
            f"/api/v1/scores/regions/{world.region.pk}/leaderboard/",
            ["period", "from", "to", "channel"],
        ),
        (
            world.client_admin,
            f"/api/v1/scores/regions/{world.region.pk}/report.pdf",
            ["period", "from", "to"],
        ),
        (
            world.client_admin,
            "/api/v1/exports/audits.csv",
            ["region", "location", "period", "from", "to", "persona"],
        ),
        (world.client_admin, "/api/v1/exports/answers.xlsx", ["period", "from", "to"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_query_values_are_refused_cleanly_everywhere(world, field, value):
    for user, path, params in reader_gets(world):
        for param in params:
            response = get(user, path, {param: value})
            assert_handled(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        base64.urlsafe_b64encode(b"9999-12-31T23:59:59+14:00|1").decode(),
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|" + b"9" * 40).decode(),
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|-99999999999999999999").decode(),
        base64.urlsafe_b64encode(b"2026-01-01T00:00:00+00:00|\x00").decode(),
        "====",
    ],
)
def test_forged_sync_cursors_are_a_400(world, field, cursor):
    response = api_as(world.auditor).get("/api/v1/assignments/", {"since": cursor})

    assert_handled(response, allowed=(200, 400))


@pytest.mark.django_db
@HYPOTHESIS
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["period", "from", "to", "channel", "situation", "persona", "locations", "region"]
        ),
        st.text(max_size=30),
        max_size=4,
    )
)
def test_generated_query_strings_on_results_never_fail_with_a_5xx(world, field, params):
    for user, path, _ in reader_gets(world)[3:]:
        assert_handled(get(user, path, params))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"username": "\x00", "password": "x"},
        {"username": "a" * 10_000, "password": "x"},
        {"username": ["a"], "password": {"b": 1}},
        {"username": "\ud83d", "password": "\ud83d"},
        {},
    ],
)
def test_hostile_sign_ins_are_a_400(world, body):
    response = post_json(None, "/api/v1/auth/token/", body)

    assert_handled(response, allowed=(400,))


@pytest.fixture
def submitted_audit(world, field):
    payload = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    return Audit.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"comments": [{"item": "\x00", "comment": "x"}]},
        {"comments": [{"item": "mood", "comment": "x" * 100_000}]},
        {"comments": "not a list"},
        {"comments": [{"item": None, "comment": "\ud83d cut"}] * 2000},
        {"comments": [[[[[[]]]]]]},
    ],
)
def test_hostile_review_returns_change_nothing(world, submitted_audit, body):
    response = post_json(world.reviewer, f"/api/v1/audits/{submitted_audit.pk}/return/", body)

    assert_handled(response)
    if response.status_code >= 400:
        submitted_audit.refresh_from_db()
        assert submitted_audit.status != "returned"
        assert not ReviewComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["\x00", "x" * 10_000, ["a"], None])
def test_hostile_flag_clearing_changes_nothing(world, submitted_audit, note):
    flag = Flag.objects.create(audit=submitted_audit, code="clock_skew", detail="d", data={})

    response = api_as(world.reviewer).post(
        f"/api/v1/audits/{submitted_audit.pk}/flags/{flag.pk}/clear/", {"note": note}, format="json"
    )

    assert_handled(response)
    if response.status_code >= 400:
        flag.refresh_from_db()
        assert not flag.cleared


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"kind": "region_pdfs", "region": "9" * 400, "period": "2026-11"},
        {"kind": "region_pdfs", "region": 1, "period": "9999-12"},
        {"kind": "export", "dataset": "audits", "extension": "csv", "from": "0001-01-01"},
        {"kind": "export", "dataset": "\x00", "extension": "csv"},
        {"kind": ["export"]},
    ],
)
def test_hostile_job_requests_make_no_job(world, body):
    response = api_as(world.client_admin).post("/api/v1/jobs/", body, format="json")

    assert_handled(response)
    if response.status_code >= 400:
        assert not ReportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["\x00", "x" * 10_000, {"a": 1}])
def test_hostile_declines_change_nothing(world, field, reason):
    field.assignment.status = "offered"
    field.assignment.save()

    response = api_as(world.auditor).post(
        f"/api/v1/assignments/{field.assignment.pk}/decline/", {"reason": reason}, format="json"
    )

    assert_handled(response, allowed=(400,))
    assert Assignment.objects.get(pk=field.assignment.pk).status == "offered"
