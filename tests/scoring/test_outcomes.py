"""The default codex's checklists through the API, as the phone, the reviewer and the manager
use them: the phone's document carries the steps, approved audits are scored by step, and the
scorecard shows what the visits did for the customer (a sale lost to the service against the
texts' third, leaving more satisfied than one came) with n and an interval; the persona gap says
which attribute a pair of personas differs in."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import Audit
from checklists.models import Checklist, Item
from codex.models import Persona
from scoring.models import AuditScore
from tests.conftest import api_as
from tests.factories import AssignmentFactory, LocationFactory
from tests.scoring.test_api import approx, mean_figure, wilson

NOW = timezone.now()


def answers_for(version, **given) -> dict:
    """Every shown item of the version answered plainly (yes, 4 of 5, 5 s, the first choice),
    with the ``given`` answers instead; the queue is absent, so the waiting items are hidden."""
    answers = {}
    for item in Item.objects.filter(checklist_version=version).prefetch_related("choices"):
        if item.condition_item_key or item.type in ("photo", "text"):
            continue
        first_choice = item.choices.all()[0].key if item.choices.all() else None
        answers[item.key] = {
            "yes_no": {"value": True},
            "scale": {"value": 4},
            "number": {"value": 1},
            "duration": {"value": 5},
            "single_choice": {"value": first_choice},
            "multiple_choice": {"value": [first_choice]},
        }[item.type]
    answers["queue_present"] = {"value": False}
    answers.update(given)
    return {key: value for key, value in answers.items() if value is not None}


def approved_visit(world, location, situation="product_inquiry", persona=None, **given):
    version = Checklist.objects.get(
        client=world.client, key=f"{situation}-phone".replace("_", "-")
    ).current_version
    assignment = AssignmentFactory(
        location=location,
        checklist_version=version,
        auditor=world.auditor,
        persona=Persona.objects.get(codex_version=version.codex_version, key=persona)
        if persona
        else None,
    )
    payload = {
        "id": str(uuid.uuid4()),
        "assignment": assignment.pk,
        "started_at": (NOW - timedelta(minutes=20)).isoformat(),
        "ended_at": (NOW - timedelta(minutes=5)).isoformat(),
        "device_time": NOW.isoformat(),
        "answers": answers_for(version, **given),
    }
    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    assert response.status_code == 201, response.json()
    audit = Audit.objects.get(assignment=assignment)
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    return audit


@pytest.fixture
def place(world, default_codex):
    return LocationFactory(region=world.region, name="Keskusta", time_zone="Europe/Helsinki")


@pytest.mark.django_db
def test_the_phones_document_carries_each_steps_goal_and_effect(world, place):
    version = Checklist.objects.get(client=world.client, key="complaint-phone").current_version

    body = (
        api_as(world.auditor)
        .get(f"/api/v1/checklist-versions/{version.pk}/", HTTP_ACCEPT_LANGUAGE="fi")
        .json()
    )

    needs = next(s for s in body["sections"] if s["phase"]["key"] == "needs_clarification")
    assert [step["key"] for step in needs["steps"]] == ["hear_complaint", "clarify_needs"]
    hearing = needs["steps"][0]
    assert hearing["name"] == "Reklamaation kuunteleminen"
    assert hearing["goal"].startswith("Reklamaatioon suhtaudutaan lempeästi")
    assert hearing["effect"] == "Asiakas kokee hätähuutonsa tulleen kuulluksi."
    steps_of = {item["key"]: item["step"] for item in needs["items"]}
    assert steps_of["complaint_listened"] == "hear_complaint"
    assert steps_of["clarifying_questions"] == "clarify_needs"
    every_item = [item for section in body["sections"] for item in section["items"]]
    # Each item checks a step, but the phase's own question: how it compared with what the
    # auditor expected (the last of each section).
    assert all(item["step"] for item in every_item if item["figure"] != "expectation")
    for section in body["sections"]:
        last = section["items"][-1]
        assert (last["key"], last["step"], last["figure"]) == (
            f"expectations_{section['phase']['key']}",
            None,
            "expectation",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["in_person", "phone", "email", "chat"])
def test_an_outbound_checklist_asks_outbound_things_and_no_inbound_ones(world, place, channel):
    """Acquisition: staff contact the customer, so nobody is greeted at the door, waits in a
    queue or has a call answered."""
    version = Checklist.objects.get(
        client=world.client, key=f"acquisition-{channel}".replace("_", "-")
    ).current_version

    body = api_as(world.auditor).get(f"/api/v1/checklist-versions/{version.pk}/").json()

    keys = {item["key"] for section in body["sections"] for item in section["items"]}
    steps = {step["key"] for section in body["sections"] for step in section["steps"]}
    assert "introduced_self_and_reason" in keys
    assert not keys & {
        "greeting_seconds",
        "phone_answer_seconds",
        "chat_first_reply_seconds",
        "reply_seconds",
        "queue_present",
        "waiting_seconds",
        "served_in_order",
        "help_offered",
        "stayed_available",
    }
    assert "open_contact" in steps
    assert not steps & {"first_contact", "wait_turn"}


@pytest.mark.django_db
def test_a_lost_sale_and_a_happier_customer_reach_the_scorecard_with_n_and_interval(world, place):
    purchases = [
        "would_not_buy_service",
        "would_buy",
        "would_buy_but_complain",
        "would_buy",
        "would_not_buy_other",
    ]
    moods = [(2, 4), (3, 3), (4, 2), (1, 5), (3, 4)]  # arrival, departure
    for purchase, (arrived, left) in zip(purchases, moods, strict=True):
        approved_visit(
            world,
            place,
            purchase_intent={"value": purchase},
            mood_at_arrival={"value": arrived},
            mood_at_departure={"value": left},
        )

    body = api_as(world.regional_manager).get(f"/api/v1/scores/locations/{place.pk}/").json()

    outcomes = body["outcomes"]
    low, high = wilson(1, 5)
    assert outcomes["lost_sale"] == {
        "audits": 5,
        "rate": approx(0.2),
        "low": approx(low),
        "high": approx(high),
        "reference": 0.33,
    }
    assert outcomes["buys_but_complains"]["rate"] == approx(0.2)
    # Happier in three of five: 2 -> 4, 1 -> 5, 3 -> 4.
    low, high = wilson(3, 5)
    assert outcomes["more_satisfied"] == {
        "audits": 5,
        "rate": approx(0.6),
        "low": approx(low),
        "high": approx(high),
    }
    # Changes on the 1-5 scale mapped to 0-1: +0.5, 0, -0.5, +1, +0.25.
    changes = [0.5, 0.0, -0.5, 1.0, 0.25]
    shifted = mean_figure([(c + 1) / 2 for c in changes])
    assert outcomes["mood_change"] == {
        "audits": 5,
        "mean": approx(sum(changes) / 5),
        "low": approx(2 * shifted["low"].expected - 1),
        "high": approx(2 * shifted["high"].expected - 1),
    }
    stored = sorted(AuditScore.objects.values_list("purchase", flat=True))
    assert stored == sorted(purchases)


@pytest.mark.django_db
def test_the_scorecard_scores_each_step_of_the_process(world, place):
    approved_visit(world, place, product_knowledge={"value": False})
    approved_visit(world, place)

    body = api_as(world.client_admin).get(f"/api/v1/scores/locations/{place.pk}/").json()

    steps = {row["step"]: row for row in body["steps"]}
    assert list(steps)[:3] == ["first_contact", "first_impression", "clarify_needs"]
    # Presenting: product knowledge (weight 2) missed once; benefits, no pushing and
    # alternatives met: (0 + 1 + 2 + 1) / 6 and 1.
    assert steps["present_options"]["phase"] == "sales_conversation"
    assert steps["present_options"]["audits"] == 2
    assert steps["present_options"]["mean"] == approx((4 / 6 + 1) / 2)
    assert steps["present_options"]["low"] < steps["present_options"]["mean"]
    # Steps whose items carry no score (the relationship's loyalty and comment) are absent.
    assert "relationship" not in steps


@pytest.mark.django_db
def test_a_visit_without_the_outcome_items_leaves_the_outcomes_empty(world, place):
    approved_visit(world, place, situation="complaint")

    outcomes = (
        api_as(world.client_admin).get(f"/api/v1/scores/locations/{place.pk}/").json()["outcomes"]
    )

    # The complaint checklist asks no purchase question; both moods were answered (4 and 4).
    assert outcomes["lost_sale"]["audits"] == 0
    assert outcomes["lost_sale"]["rate"] is None
    assert outcomes["more_satisfied"]["audits"] == 1
    assert outcomes["more_satisfied"]["rate"] == 0


@pytest.mark.django_db
def test_the_persona_gap_names_the_attribute_a_matched_pair_differs_in(world, place):
    for persona, knowledge in [("novice_pensioner", False), ("young_novice_man", True)] * 2:
        approved_visit(world, place, persona=persona, product_knowledge={"value": knowledge})
    approved_visit(world, place, persona="expert_engineer")

    paired = (
        api_as(world.client_admin)
        .get("/api/v1/scores/persona-gap/", {"personas": "young_novice_man,novice_pensioner"})
        .json()
    )
    unmatched = (
        api_as(world.client_admin)
        .get("/api/v1/scores/persona-gap/", {"personas": "young_novice_man,expert_engineer"})
        .json()
    )

    gap = paired["gaps"][0]
    assert (gap["persona"], gap["reference"]) == ("novice_pensioner", "young_novice_man")
    assert gap["differs_in"] == ["age_band"]
    assert gap["matched_pair"] is True
    assert gap["difference"] < 0  # the pensioner was served worse
    assert unmatched["gaps"][0]["differs_in"] == ["age_band", "expertise"]
    assert unmatched["gaps"][0]["matched_pair"] is False


@pytest.mark.django_db
def test_a_phone_never_answered_scores_zero_and_misses_its_norm(world, place):
    audit = approved_visit(world, place, phone_answer_seconds={"never": True})

    norms = {n.norm: n.met for n in audit.score.norms.all()}
    assert norms["phone_answered_within_8s"] is False
    first_contact = audit.score.steps.get(step="first_contact")
    # Answer time (weight 2) 0, calm from the first second (weight 2) 1: (0 + 2) / 4.
    assert first_contact.score == pytest.approx(0.5)


@pytest.mark.django_db
def test_a_new_default_codex_leaves_the_past_as_it_was(world, place):
    """A client who installs the default again (a new codex version) keeps its published
    versions: audits pinned to the old checklists score as before, new assignments get the new
    version."""
    from checklists.defaults import default_codex_install
    from scoring.services import scores_recompute

    audit = approved_visit(world, place, product_knowledge={"value": False})
    before = AuditScore.objects.get(audit=audit)
    steps_before = sorted(before.steps.values_list("step", "score"))
    assert steps_before
    old_version = audit.assignment.checklist_version

    newer = default_codex_install(client=world.client)
    scores_recompute(audits=[audit])

    after = AuditScore.objects.get(audit=audit)
    assert newer.number == 2
    checklist = Checklist.objects.get(client=world.client, key="product-inquiry-phone")
    assert checklist.current_version.number == 2
    assert checklist.current_version.codex_version == newer
    assert old_version.codex_version.number == 1
    assert old_version.is_published
    assert (after.total, after.raw_total, after.failed) == (
        before.total,
        before.raw_total,
        before.failed,
    )
    assert sorted(after.steps.values_list("step", "score")) == steps_before


@pytest.mark.django_db
def test_each_phase_against_the_auditors_expectations_reaches_the_scorecard_and_the_page(
    client, world, place
):
    """Seed 004: expectations against the lived experience, per phase, beside compliance."""
    arrivals = ["exceeded", "met", "fell_short", "exceeded", None]  # None: not applicable
    for arrival in arrivals:
        answer = {"value": arrival} if arrival else {"na": True}
        approved_visit(world, place, expectations_arrival=answer)

    body = api_as(world.regional_manager).get(f"/api/v1/scores/locations/{place.pk}/").json()

    phases = {phase["phase"]: phase for phase in body["phases"]}
    # Four answered: two exceeded, one fell short; the one not applicable is not counted.
    exceeded, short = wilson(2, 4), wilson(1, 4)
    assert phases["arrival"]["expectations"] == {
        "audits": 4,
        "exceeded": {
            "audits": 4,
            "rate": approx(0.5),
            "low": approx(exceeded[0]),
            "high": approx(exceeded[1]),
        },
        "fell_short": {
            "audits": 4,
            "rate": approx(0.25),
            "low": approx(short[0]),
            "high": approx(short[1]),
        },
    }
    # answers_for answers every other phase's expectation with its first choice: fell short.
    assert phases["departure"]["expectations"]["fell_short"]["rate"] == approx(1.0)
    assert phases["arrival"]["audits"] == 5  # compliance counts every visit
    # The manager's location page shows them beside the phase's score, in Finnish.
    client.force_login(world.regional_manager)
    page = client.get(f"/portal/locations/{place.pk}/", HTTP_ACCEPT_LANGUAGE="fi")
    text = page.content.decode()
    assert "Suhteessa haamuasiakkaiden odotuksiin" in text
    dash = "\N{EN DASH}"
    assert f"yli odotusten 50 % ({exceeded[0] * 100:.0f}{dash}{exceeded[1] * 100:.0f} %)" in text
    assert "4 käynnistä" in text
