"""The codex as versioned data, and the default codex built from the seed texts."""

import pytest
from django.core.management import call_command

from api.errors import DomainValidationError
from checklists.models import Checklist
from codex.constants import VersionStatus
from codex.models import CodexVersion, Norm, Phase, PublishedVersionImmutable
from codex.services import codex_version_create_draft, codex_version_publish
from organizations.models import Client
from tests.factories import CodexVersionFactory, NormFactory, PhaseFactory, SituationFactory


@pytest.mark.django_db
def test_default_codex_covers_the_brief(world, default_codex):
    version, _ = default_codex

    assert version.status == VersionStatus.PUBLISHED
    assert list(version.phases.values_list("key", flat=True)) == [
        "arrival",
        "waiting",
        "needs_clarification",
        "sales_conversation",
        "decision",
        "departure",
        "aftercare",
    ]
    assert list(version.situations.values_list("key", flat=True)) == [
        "product_inquiry",
        "problem_solution",
        "complaint",
        "information_request",
        "acquisition",
        "sales_follow_up",
        "return_refund",
    ]
    norms = {norm.key: norm for norm in version.norms.all()}
    assert norms["greeted_within_8s"].threshold_seconds == 8
    assert norms["email_reply_within_24h"].threshold_seconds == 24 * 3600
    assert {
        "served_in_arrival_order",
        "asked_clarifying_questions",
        "benefits_over_features",
        "no_pushing",
        "no_accepted_gracefully",
        "unhurried_farewell",
        "feedback_requested",
        "aftercare_as_agreed",
        "complaint_never_unhandled",
        "chat_ends_with_open_question",
        "phone_calm_from_first_second",
    } <= set(norms)
    assert {"novice_pensioner", "expert_engineer"} <= set(
        version.personas.values_list("key", flat=True)
    )
    complaint = version.situations.get(key="complaint")
    assert "sales_conversation" not in complaint.steps.values_list("phase__key", flat=True)
    assert Checklist.objects.filter(client=world.client).count() == 28


@pytest.mark.django_db
def test_default_codex_texts_exist_in_english_finnish_and_hungarian(world, default_codex):
    version, _ = default_codex
    for model, fields in [
        (Phase, ["name", "goal", "effect"]),
        (Norm, ["rule"]),
    ]:
        for row in model.objects.filter(codex_version=version):
            for field in fields:
                for language in ("en", "fi", "hu"):
                    assert getattr(row, f"{field}_{language}"), (row.key, field, language)


@pytest.mark.django_db
def test_editing_a_published_codex_is_refused(world, default_codex):
    version, _ = default_codex
    phase = version.phases.get(key="arrival")

    phase.name_en = "Something else"
    with pytest.raises(PublishedVersionImmutable):
        phase.save()

    assert Phase.objects.get(pk=phase.pk).name_en == "Arrival"


@pytest.mark.django_db
def test_a_new_codex_draft_is_a_deep_editable_copy(world, default_codex):
    version, _ = default_codex

    draft = codex_version_create_draft(source=version)
    greeting = draft.norms.get(key="greeted_within_8s")
    greeting.threshold_seconds = 10
    greeting.save()

    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    assert draft.phases.count() == 7
    assert draft.situations.count() == 7
    assert draft.checkpoints.count() == version.checkpoints.count()
    assert draft.personas.count() == version.personas.count()
    assert greeting.checkpoint.codex_version == draft
    complaint = draft.situations.get(key="complaint")
    assert {step.phase.codex_version_id for step in complaint.steps.all()} == {draft.pk}
    assert list(complaint.steps.values_list("key", flat=True)) == list(
        version.situations.get(key="complaint").steps.values_list("key", flat=True)
    )
    inbound_only = draft.checkpoints.get(key="help_offered")
    assert set(inbound_only.situations.values_list("key", flat=True)) == {
        "product_inquiry",
        "problem_solution",
        "complaint",
        "information_request",
    }
    assert {s.codex_version_id for s in inbound_only.situations.all()} == {draft.pk}
    assert inbound_only.step_key == "clarify_needs"
    assert version.norms.get(key="greeted_within_8s").threshold_seconds == 8


@pytest.mark.django_db
def test_publishing_a_codex_checks_partial_credit(db):
    version = CodexVersionFactory()
    PhaseFactory(codex_version=version)
    SituationFactory(codex_version=version)
    NormFactory(
        codex_version=version,
        checkpoint__phase__codex_version=version,
        measure="max_duration",
        threshold_seconds=10,
        partial_credit_until_seconds=5,
    )

    with pytest.raises(DomainValidationError) as raised:
        codex_version_publish(version=version)

    assert raised.value.as_errors()[0]["code"] == "invalid_partial_credit"
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_publishing_an_empty_codex_is_refused(db):
    with pytest.raises(DomainValidationError) as raised:
        codex_version_publish(version=CodexVersionFactory())

    assert [p["code"] for p in raised.value.as_errors()] == ["no_phases", "no_situations"]


@pytest.mark.django_db
def test_load_default_codex_command_creates_the_client_once(capsys):
    call_command("load_default_codex", "nordic-bank", "--name", "Nordic Bank")
    call_command("load_default_codex", "nordic-bank")

    client = Client.objects.get(slug="nordic-bank")
    assert client.name == "Nordic Bank"
    assert CodexVersion.objects.filter(client=client).count() == 1
    output = capsys.readouterr().out
    assert "Installed Nordic Bank codex v1 (published)." in output
    assert "already has a codex" in output
