"""A submission's write path is lean: a new 60-answer-sized submission runs six statements and an
identical resend three (selects, inserts, updates; transaction control not counted), once the
pinned checklist's rules are cached as they are in a running server. The throttle's counter is
left out: with Redis (the recommended deployment) it is no SQL at all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.factories import AssignmentFactory

CONTROL = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


def statements(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith(CONTROL) and "throttlecounter" not in q["sql"]
    ]


@pytest.mark.django_db
def test_a_new_submission_takes_six_statements_and_a_resend_three(world, field):
    client = api_as(world.auditor)
    warm = AssignmentFactory(
        location=field.location,
        checklist_version=field.version,
        auditor=world.auditor,
        status="accepted",
    )
    assert (
        client.post("/api/v1/submissions/", visit_payload(warm), format="json").status_code == 201
    )
    payload = visit_payload(field.assignment)

    with CaptureQueriesContext(connection) as new:
        assert client.post("/api/v1/submissions/", payload, format="json").status_code == 201
    with CaptureQueriesContext(connection) as resend:
        assert client.post("/api/v1/submissions/", payload, format="json").status_code == 200

    assert len(statements(new)) == 6, "\n".join(statements(new))
    assert len(statements(resend)) == 3, "\n".join(statements(resend))
