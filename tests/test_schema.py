"""The committed OpenAPI schema is generated from the code; any drift fails here."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parent.parent / "api_schema" / "openapi.yaml"


@pytest.mark.django_db
def test_committed_schema_matches_the_code():
    generated = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=generated)

    assert generated.getvalue() == SCHEMA.read_text(), (
        "api_schema/openapi.yaml is out of date. Regenerate it with:\n"
        "  python manage.py spectacular --validate --fail-on-warn --file api_schema/openapi.yaml"
    )


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


def test_every_error_response_uses_the_one_documented_shape():
    text = SCHEMA.read_text()

    assert "    Error:\n" in text
    assert "'404':" in text
    assert "$ref: '#/components/schemas/Error'" in text


def test_schema_carries_no_database_specific_integer_ranges():
    """SQLite and PostgreSQL give integer fields different ranges; a schema that shows them
    would differ by the database it was generated on."""
    text = SCHEMA.read_text()

    assert "9223372036854775807" not in text
    assert "2147483647" not in text


def _operations() -> list[tuple[str, str, dict]]:
    import yaml

    schema = yaml.safe_load(SCHEMA.read_text())
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    ]


def test_every_operation_is_tagged_for_its_audience_under_a_plain_name():
    """Generators put each tag's operations in a module of its own, and rename an operationId
    that is not an identifier each in its own way (issue 25)."""
    import re

    from api.schema import AUDIENCES

    operations = _operations()
    tags = {}
    for method, path, operation in operations:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", operation["operationId"]), path
        assert len(operation["tags"]) == 1, path
        tags[f"{method.upper()} {path}"] = operation["tags"][0]
    assert set(tags.values()) == set(AUDIENCES)
    assert len({operation["operationId"] for _, _, operation in operations}) == len(operations)
    # The phone's flow is all in one module; the desk's and the client's are not in it.
    assert tags["POST /api/v1/submissions/"] == "phone"
    assert tags["POST /api/v1/photos/"] == "phone"
    assert tags["GET /api/v1/assignments/"] == "phone"
    assert tags["POST /api/v1/audits/{id}/approve/"] == "desk"
    assert tags["GET /api/v1/scores/regions/{id}/leaderboard/"] == "client"
    assert tags["POST /api/v1/auth/token/"] == "account"


def test_no_enum_is_of_null_alone():
    """A nullable enum is the enum, nullable: an enum of null alone generates an empty Java
    enum, which does not compile (issue 25)."""
    text = SCHEMA.read_text()

    assert "NullEnum" not in text
    assert "- null\n" not in text


def test_the_headers_a_phone_acts_on_are_declared():
    """A generated client reads only the headers the schema declares (issue 25): the checklist
    document's ETag, and Retry-After on every 429 and 503."""
    operations = {operation["operationId"]: operation for _, _, operation in _operations()}

    for name in ("v1_checklists_retrieve", "v1_checklist_versions_retrieve"):
        responses = operations[name]["responses"]
        assert "ETag" in responses["200"]["headers"], name
    assert "ETag" in operations["v1_checklists_retrieve"]["responses"]["304"]["headers"]
    waits = [
        (name, status)
        for name, operation in operations.items()
        for status, response in operation["responses"].items()
        if status in ("429", "503")
    ]
    assert len(waits) > len(operations)  # every operation's 503, and the throttled ones' 429
    for name, status in waits:
        assert "Retry-After" in operations[name]["responses"][status]["headers"], (name, status)


def test_a_refused_empty_photo_is_outside_the_schema():
    import yaml

    schema = yaml.safe_load(SCHEMA.read_text())
    file = schema["components"]["schemas"]["PhotoUploadRequest"]["properties"]["file"]

    assert file["minLength"] == 1
