"""A submission's write path is lean: a new 60-answer-sized submission runs six statements and an
identical resend three (selects, inserts, updates; transaction control not counted), the token's
check included, once the pinned checklist's rules are cached as they are in a running server.
The throttle's counter is left out: with Redis (the recommended deployment) it is no SQL at
all. ``python -m bench load`` counts them the same way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

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
    _, token = AuthToken.objects.create(user=world.auditor)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
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


@pytest.mark.django_db
def test_the_answers_are_stored_as_sent_whichever_way_they_are_inserted(world, field):
    """PostgreSQL inserts a revision's answers from one JSON document, other databases through
    the ORM; either way each value keeps its JSON type, a N/A answer's value is SQL NULL (as the
    ORM stores None) and comments keep every character."""
    from audits.models import Answer

    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    payload["answers"]["loyalty"]["comment"] = 'Sanoi "kiitos" \u2013 köszönöm 👍\\ ja\nrivi'
    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    assert response.status_code == 201, response.content

    stored = {
        a.item.key: a
        for a in Answer.objects.filter(submission__key=payload["id"]).select_related("item")
    }
    assert {key: (a.value, a.is_na) for key, a in stored.items()} == {
        "greeting": (6.5, False),
        "queue": (True, False),
        "waiting": (120, False),
        "mood": (4, False),
        "smile": (None, True),
        "tags": (["friendly", "fast"], False),
        "loyalty": ("loyalist", False),
    }
    assert type(stored["waiting"].value) is int
    assert type(stored["greeting"].value) is float
    assert stored["loyalty"].comment == 'Sanoi "kiitos" \u2013 köszönöm 👍\\ ja\nrivi'
    assert list(Answer.objects.filter(value__isnull=True).values_list("item__key", flat=True)) == [
        "smile"
    ]
