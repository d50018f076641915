"""The schema is the contract: every error status the server really sends from these endpoints is
documented for the operation, and its body is the documented `Error` (with `current_state` on a
409 from a state change). Driven through the API as the phone, the reviewer and the manager."""

import calendar
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.urls import resolve
from rest_framework.test import APIClient

from audits.models import Submission
from scoring.filters import DATE_PATTERN
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import upload
from tests.conftest import api_as

SCHEMA = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "api_schema" / "openapi.yaml").read_text()
)


def _template(path: str) -> str:
    """The schema's path template of a concrete path (/api/v1/audits/3/ -> …/{id}/)."""
    route = resolve(path).route
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: "{" + ("id" if m[1] == "pk" else m[1]) + "}", route
    )


def _resolve(node):
    """The schema with its references inlined, OpenAPI's ``nullable`` as JSON Schema's null."""
    if isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return _resolve(SCHEMA["components"]["schemas"][name])
    if isinstance(node, dict):
        resolved = {key: _resolve(value) for key, value in node.items() if key != "nullable"}
        if node.get("nullable") and "type" in node:
            resolved["type"] = [node["type"], "null"]
        # OpenAPI 3.0's boolean exclusive bounds are JSON Schema's numeric ones.
        for bound, limit in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
            if resolved.get(bound) is True:
                resolved[bound] = resolved.pop(limit)
            elif resolved.get(bound) is False:
                del resolved[bound]
        return resolved
    if isinstance(node, list):
        return [_resolve(value) for value in node]
    return node


def assert_documented(response, method: str, path: str):
    operations = SCHEMA["paths"][_template(path)]
    documented = operations[method]["responses"]
    assert str(response.status_code) in documented, (
        f"{method.upper()} {path} answered {response.status_code}, which the schema does not "
        f"document ({sorted(documented)})"
    )
    content = documented[str(response.status_code)].get("content", {})
    schema = content["application/json"]["schema"]
    body = response.json()
    jsonschema.validate(body, _resolve(schema))
    return body


@pytest.mark.django_db
def test_a_state_change_the_state_does_not_allow_is_a_documented_409(world, field, submitted):
    from audits.models import Audit

    audit = Audit.objects.get()
    path = f"/api/v1/audits/{audit.pk}/approve/"

    response = api_as(world.reviewer).post(path)

    body = assert_documented(response, "post", path)
    assert body["errors"][0]["current_state"] == "awaiting_photos"


@pytest.mark.django_db
def test_a_reused_submission_id_is_a_documented_409(world, field, submitted):
    payload = visit_payload(field.assignment, id=submitted, comment="other content")

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    body = assert_documented(response, "post", "/api/v1/submissions/")
    assert body["errors"][0]["code"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_a_reused_photo_id_is_a_documented_409(world, field, submitted):
    photo_id = uuid.uuid4()
    assert upload(world.auditor, submitted, jpeg_bytes(), photo_id=photo_id).status_code == 201

    response = upload(world.auditor, submitted, jpeg_bytes(pattern=3), photo_id=photo_id)

    assert_documented(response, "post", "/api/v1/photos/")


@pytest.mark.django_db
def test_accepting_a_declined_assignment_is_a_documented_409(world, field):
    path = f"/api/v1/assignments/{field.assignment.pk}/accept/"
    field.assignment.status = "declined"
    field.assignment.save()

    response = api_as(world.auditor).post(path)

    body = assert_documented(response, "post", path)
    assert body["errors"][0]["current_state"] == "declined"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/scores/missed-norms/", {"period": "2026-13"}),
        ("/api/v1/assignments/", {"limit": "0"}),
        ("/api/v1/checklists/", {"client": "abc"}),
        ("/api/v1/exports/audits.csv", {"from": "yesterday"}),
        ("/api/v1/locations/", {"region": "-1"}),
    ],
)
def test_a_bad_query_on_a_get_is_a_documented_400(world, field, path, params):
    user = (
        world.auditor
        if path.startswith(("/api/v1/assignments", "/api/v1/checklists"))
        else (world.client_admin)
    )

    response = api_as(user).get(path, params)

    assert_documented(response, "get", path)
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_throttled_sign_in_is_a_documented_429(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "1/min",
        },
    }
    body = {"username": world.auditor.username, "password": "wrong"}
    APIClient().post("/api/v1/auth/token/", body, format="json")

    response = APIClient().post("/api/v1/auth/token/", body, format="json")

    assert_documented(response, "post", "/api/v1/auth/token/")
    assert response.status_code == 429


def _parameter(path: str, name: str) -> dict:
    operation = SCHEMA["paths"][_template(path)]["get"]
    return next(p["schema"] for p in operation["parameters"] if p["name"] == name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name", "outside"),
    [
        ("/api/v1/assignments/", "limit", ["0", "201", "many"]),
        ("/api/v1/audits/", "page_size", ["0", "501", "null"]),
        ("/api/v1/checklists/", "client", ["0", "1.5"]),
    ],
)
def test_a_query_the_schema_bounds_is_refused_outside_its_bounds(world, field, path, name, outside):
    """What the schema says of a parameter's range is what the server keeps: values outside are
    a 400 naming the parameter, never quietly replaced by a default."""
    bounds = _parameter(path, name)
    assert bounds["type"] == "integer"
    assert bounds["minimum"] == 1
    user = world.reviewer if path.startswith("/api/v1/audits") else world.auditor
    client = api_as(user)
    for value in outside:
        response = client.get(path, {name: value})
        body = assert_documented(response, "get", path)
        assert response.status_code == 400, value
        assert body["errors"][0]["attr"] == name
    edge = str(bounds.get("maximum", 1)) if name != "client" else "1"
    assert client.get(path, {name: edge}).status_code == 200


@pytest.mark.django_db
def test_a_gps_reading_with_many_decimals_is_kept_to_six(world, field):
    """Phones report coordinates with fifteen decimals; the schema says number, and the visit is
    stored with six (about 10 cm), not refused."""
    check_in = SCHEMA["components"]["schemas"]["CheckInRequest"]["properties"]
    assert check_in["latitude"]["type"] == "number"
    payload = visit_payload(field.assignment)
    payload["check_in"] = {
        "latitude": 60.16912345678901,
        "longitude": "24.932749999999999",
        "accuracy_m": 8,
    }

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 201, response.content
    stored = Submission.objects.get(key=payload["id"])
    assert str(stored.check_in_latitude) == "60.169123"
    assert str(stored.check_in_longitude) == "24.932750"
    refused = visit_payload(field.assignment)
    refused["check_in"] = {"latitude": 1e300, "longitude": 0, "accuracy_m": 8}
    response = api_as(world.auditor).post("/api/v1/submissions/", refused, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "check_in.latitude"


def test_the_date_pattern_admits_exactly_the_days_that_exist():
    """A generated client (or a fuzzer) builds dates from the schema's pattern: every day from
    1970 to 2099 matches it, and no day that does not exist (30 February, 31 April, 29 February
    of 2027) does, so no date the schema admits is refused by the server."""
    pattern = re.compile(DATE_PATTERN)
    day, matched = date(1970, 1, 1), 0
    while day.year < 2100:
        assert pattern.fullmatch(day.isoformat()), day
        day += timedelta(days=1)
        matched += 1
    assert matched == 47482
    impossible = [
        f"{year:04d}-{month:02d}-{number:02d}"
        for year in range(1970, 2100)
        for month in range(1, 13)
        for number in range(29, 32)
        if number > calendar.monthrange(year, month)[1]
    ]
    assert len(impossible) > 700
    assert not any(pattern.fullmatch(text) for text in impossible)
    assert not pattern.fullmatch("1969-12-31")
    assert not pattern.fullmatch("2100-01-01")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["period", "to", "from", "situation", "region"])
def test_an_empty_query_value_is_refused_naming_it(world, name):
    """The schema admits no empty value (minLength, patterns, integers), so the server reads an
    empty one as a mistake to name, not as absent."""
    response = api_as(world.client_admin).get("/api/v1/scores/missed-norms/", {name: ""})

    body = assert_documented(response, "get", "/api/v1/scores/missed-norms/")
    assert response.status_code == 400
    assert body["errors"][0]["attr"] == name


@pytest.mark.django_db
def test_to_alone_counts_from_the_first_year_visits_can_have(world):
    """Any day the schema admits is a valid `to` on its own (it once counted from 2000, so a
    `to` in the 1990s was refused as before `from`)."""
    response = api_as(world.client_admin).get(
        f"/api/v1/scores/regions/{world.region.pk}/leaderboard/", {"to": "1990-01-01"}
    )

    assert response.status_code == 200
    assert response.json()["period"]["start"] == "1970-01-01"


@pytest.mark.django_db
def test_a_job_field_the_schema_types_as_text_refuses_a_number(world):
    response = api_as(world.client_admin).post(
        "/api/v1/jobs/",
        {"kind": "export", "dataset": "audits", "extension": "csv", "persona": 0},
        format="json",
    )

    body = assert_documented(response, "post", "/api/v1/jobs/")
    assert response.status_code == 400
    assert body["errors"][0]["attr"] == "persona"


@pytest.mark.django_db
def test_a_visit_time_is_judged_by_the_year_it_was_written_in(world, field):
    """The schema's pattern reads the year as written; a time just after midnight on New Year's
    Day 1970 in Helsinki (still 1969 in UTC) is accepted, year 1969 as written is not."""
    client = api_as(world.auditor)
    early = visit_payload(field.assignment, started_at="1970-01-01T00:30:00+02:00")
    assert client.post("/api/v1/submissions/", early, format="json").status_code != 400
    late = visit_payload(field.assignment, started_at="1969-12-31T23:30:00+00:00")
    response = client.post("/api/v1/submissions/", late, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "started_at"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name", "role"),
    [
        ("/api/v1/audits/", "status", "reviewer"),
        ("/api/v1/checklists/", "channel", "auditor"),
        ("/api/v1/checklists/", "situation_key", "auditor"),
        ("/api/v1/locations/", "region", "client_admin"),
    ],
)
def test_an_empty_list_filter_is_refused_naming_it(world, path, name, role):
    """django-filter reads ``?status=`` as no filter; the schema admits no empty value, so the
    server refuses it as it refuses any value the schema does not admit."""
    response = api_as(getattr(world, role)).get(path, {name: ""})

    body = assert_documented(response, "get", path)
    assert response.status_code == 400
    assert body["errors"][0] == {
        "code": "blank",
        "detail": "This field may not be blank.",
        "attr": name,
    }


@pytest.mark.django_db
def test_a_post_without_its_trailing_slash_is_a_json_404_naming_the_path(client):
    """Not an HTML 301, which a client follows as a GET (issue 25)."""
    response = client.post(
        "/api/v1/auth/token", {"username": "a", "password": "b"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    error = response.json()["errors"][0]
    assert error["code"] == "not_found"
    assert "/api/v1/auth/token/" in error["detail"]
    assert client.get("/portal").status_code == 301  # the pages still add their slash


@pytest.mark.django_db
def test_a_refused_accept_or_content_type_is_documented_and_in_the_one_shape(world):
    phone = api_as(world.auditor)

    not_acceptable = phone.get("/api/v1/assignments/", HTTP_ACCEPT="text/csv")
    unsupported = phone.post("/api/v1/submissions/", "x", content_type="text/plain")

    assert not_acceptable.status_code == 406
    assert not_acceptable.json()["errors"][0]["code"] == "not_acceptable"
    assert unsupported.status_code == 415
    assert unsupported.json()["errors"][0]["code"] == "unsupported_media_type"
    assert "406" in SCHEMA["paths"]["/api/v1/assignments/"]["get"]["responses"]
    assert "415" in SCHEMA["paths"]["/api/v1/submissions/"]["post"]["responses"]
