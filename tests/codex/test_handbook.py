"""The handbook a client's staff train from, read back from its PDF, and its sign-off: who, when,
which version, a comment; signing again when a draft changes; a client that requires it before a
version is published."""

import io
import re

import pytest
from pypdf import PdfReader

from codex.constants import VersionStatus
from codex.models import Norm, Step
from codex.services import codex_version_create_draft
from tests.conftest import api_as

LANGUAGES = ["en", "fi", "hu"]


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handbook_holds_every_situation_step_and_norm_of_its_version(
    world, default_codex, language
):
    version, _ = default_codex

    response = api_as(world.client_admin).get(
        f"/api/v1/codex/versions/{version.pk}/handbook.pdf", {"language": language}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert PdfReader(io.BytesIO(response.content)).metadata.title.endswith(world.client.name)
    for situation in version.situations.all():
        assert _squeezed(getattr(situation, f"name_{language}")) in text, situation.key
    for step in Step.objects.filter(situation__codex_version=version):
        assert _squeezed(getattr(step, f"goal_{language}")) in text, step.key
    for norm in Norm.objects.filter(codex_version=version):
        assert _squeezed(getattr(norm, f"rule_{language}")) in text, norm.key
    # The audit method stays out: no persona, no auditor's question.
    for persona in version.personas.all():
        assert getattr(persona, f"name_{language}") not in text
    assert "greeted_within_8s" not in text


@pytest.mark.django_db
def test_the_handbook_names_both_sources_of_a_norm_in_the_readers_words(world, default_codex):
    version, _ = default_codex

    text = _text(
        api_as(world.client_admin)
        .get(f"/api/v1/codex/versions/{version.pk}/handbook.pdf", HTTP_ACCEPT_LANGUAGE="fi")
        .content
    )

    assert "Toimintatapa: lähdetekstit. Tavoite: tutkimustoimiston käytäntö." in text
    assert "Toimintatapa: lähdetekstit. Tavoite: lähdetekstit." in text
    assert "24 tuntia" in text
    assert "90 % käynneistä" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("client_admin", 201),
        ("other_client_admin", 404),
        ("agency_admin", 403),
        ("reviewer", 403),
        ("regional_manager", 403),
        ("auditor", 403),
    ],
)
def test_only_the_clients_own_admins_sign_off_its_codex(world, default_codex, role, status):
    version, _ = default_codex

    response = api_as(getattr(world, role)).post(
        f"/api/v1/codex/versions/{version.pk}/sign-offs/", {"comment": "Read with the team."}
    )

    assert response.status_code == status, response.json()
    assert version.sign_offs.count() == (1 if status == 201 else 0)


@pytest.mark.django_db
def test_a_sign_off_says_who_when_which_version_and_a_comment(world, default_codex):
    version, _ = default_codex
    admin = api_as(world.client_admin)

    made = admin.post(
        f"/api/v1/codex/versions/{version.pk}/sign-offs/",
        {"comment": "Read with the store managers."},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    assert made.status_code == 201
    body = made.json()
    admin_name = world.client_admin.get_full_name() or world.client_admin.username
    assert body["signed_by"] == admin_name
    assert body["comment"] == "Read with the store managers."
    assert body["language"] == "fi"
    assert body["current"] is True
    assert admin.get(f"/api/v1/codex/versions/{version.pk}/").json()["signed_off"] is True
    listed = admin.get(f"/api/v1/codex/versions/{version.pk}/sign-offs/").json()
    assert [row["id"] for row in listed] == [body["id"]]


@pytest.mark.django_db
def test_a_draft_changed_after_its_sign_off_needs_signing_again(world, default_codex):
    version, _ = default_codex
    draft = codex_version_create_draft(source=version)
    admin = api_as(world.client_admin)
    admin.post(f"/api/v1/codex/versions/{draft.pk}/sign-offs/", {"comment": "Fine."})
    assert admin.get(f"/api/v1/codex/versions/{draft.pk}/").json()["signed_off"] is True

    norm = draft.norms.get(key="no_pushing")
    norm.target_rate = "0.800"
    norm.save()

    assert admin.get(f"/api/v1/codex/versions/{draft.pk}/").json()["signed_off"] is False
    listed = admin.get(f"/api/v1/codex/versions/{draft.pk}/sign-offs/").json()
    assert [row["current"] for row in listed] == [False]
    admin.post(f"/api/v1/codex/versions/{draft.pk}/sign-offs/", {"comment": "Again."})
    assert admin.get(f"/api/v1/codex/versions/{draft.pk}/").json()["signed_off"] is True


@pytest.mark.django_db
def test_a_client_that_requires_it_gets_no_checklists_before_its_sign_off(world, default_codex):
    version, _ = default_codex
    world.client.codex_sign_off_required = True
    world.client.save()
    draft = codex_version_create_draft(source=version)
    agency = api_as(world.agency_admin)

    refused = agency.post(f"/api/v1/codex/versions/{draft.pk}/publish/")

    assert refused.status_code == 400
    assert [error["code"] for error in refused.json()["errors"]] == ["sign_off_required"]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert not draft.checklist_versions.exists()
    api_as(world.client_admin).post(f"/api/v1/codex/versions/{draft.pk}/sign-offs/", {})
    assert agency.post(f"/api/v1/codex/versions/{draft.pk}/publish/").status_code == 200
    assert draft.checklist_versions.count() == 28
