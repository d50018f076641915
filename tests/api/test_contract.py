"""The schema is the contract: every error status the server really sends from these endpoints is
documented for the operation, and its body is the documented `Error` (with `current_state` on a
409 from a state change). Driven through the API as the phone, the reviewer and the manager."""

import re
import uuid
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.urls import resolve
from rest_framework.test import APIClient

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
