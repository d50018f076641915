"""A timed item that did not happen (never greeted, never answered) is answered as such, not
with an invented number: it scores 0 against its norm, counts as a miss, and reads as "did not
happen" wherever the answer is shown."""

import pytest

from audits.models import Answer
from scoring.models import AuditScore
from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.reports.test_reports import pdf_text, read_csv
from tests.scoring.test_stored import approved_audit


@pytest.mark.django_db
def test_a_greeting_that_never_came_scores_zero_and_misses_its_norm(world, field):
    audit = approved_audit(world, field, greeting={"never": True}, mood={"value": 4})

    score = AuditScore.objects.get(audit=audit)
    # arrival: greeting 0 (did not happen), queue 1, mood 0.75 -> (0 + 1 + 0.75) / 3
    assert {p.phase: p.score for p in score.phases.all()}["arrival"] == pytest.approx(1.75 / 3)
    assert {n.norm: n.met for n in score.norms.all()} == {"greeted_within_8s": False}
    answer = Answer.objects.get(submission__audit=audit, item__key="greeting")
    assert (answer.never, answer.value, answer.is_na) == (True, None, False)
    shown = api_as(world.reviewer).get(f"/api/v1/audits/{audit.pk}/").json()["answers"]
    assert {a["item"]: (a["never"], a["value"]) for a in shown}["greeting"] == (True, None)


@pytest.mark.django_db
def test_a_timed_item_that_did_not_happen_is_no_number_and_no_flag(world, field):
    """The waiting time has no norm: "did not happen" leaves it unscored, and it is no duration
    for the plausibility check (which compares durations with the visit's length)."""
    audit = approved_audit(world, field, waiting={"never": True})

    assert not audit.flags.filter(code="impossible_duration").exists()
    answer = Answer.objects.get(submission__audit=audit, item__key="waiting")
    assert answer.never is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "field_name", "code"),
    [
        ({"queue": {"never": True}}, "queue", "never_not_allowed"),
        ({"greeting": {"never": True, "value": 3}}, "greeting", "never_with_value"),
        ({"smile": {"never": True, "na": True}}, "smile", "never_not_allowed"),
        ({"greeting": {"never": "yes"}}, "greeting", "invalid"),
    ],
)
def test_did_not_happen_is_refused_where_it_makes_no_sense_naming_the_field(
    world, field, answers, field_name, code
):
    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    payload["answers"].update(answers)

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"attr": f"answers.{field_name}.never", "code": code} in [
        {"attr": e["attr"], "code": e["code"]} for e in errors
    ]
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_did_not_happen_and_na_together_are_refused(world, field):
    """A duration item that may be N/A cannot be both."""
    from checklists.models import Item

    Item.objects.filter(checklist_version=field.version, key="greeting").update(allow_na=True)
    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    payload["answers"]["greeting"] = {"never": True, "na": True}

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 400
    assert ("answers.greeting.never", "never_with_na") in [
        (e["attr"], e["code"]) for e in response.json()["errors"]
    ]


@pytest.mark.django_db
def test_a_retry_with_and_without_did_not_happen_are_different_submissions(world, field):
    field.assignment.status = "accepted"
    field.assignment.save()
    payload = visit_payload(field.assignment)
    payload["answers"]["greeting"] = {"never": True}
    client = api_as(world.auditor)
    assert client.post("/api/v1/submissions/", payload, format="json").status_code == 201
    assert client.post("/api/v1/submissions/", payload, format="json").status_code == 200

    payload["answers"]["greeting"] = {}
    response = client.post("/api/v1/submissions/", payload, format="json")

    assert response.status_code == 409


@pytest.mark.django_db
def test_the_export_and_the_report_say_did_not_happen(world, field):
    audit = approved_audit(world, field, greeting={"never": True})
    client = api_as(world.client_admin)

    rows = read_csv(client.get("/api/v1/exports/answers.csv"))
    greeting = next(row for row in rows if row["item_code"] == "greeting")
    assert (greeting["did_not_happen"], greeting["answer"]) == ("yes", "")
    assert {row["did_not_happen"] for row in rows if row["item_code"] != "greeting"} == {"no"}
    text = pdf_text(client.get(f"/api/v1/audits/{audit.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="fi"))
    assert "ei tapahtunut" in text
