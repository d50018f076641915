"""The situations and personas a filter form offers: a client's published ones, in the
reader's language, cached until a new version is published."""

import pytest

from checklists.defaults import default_codex_install
from codex.models import CodexVersion, Situation
from codex.selectors import codex_choices
from codex.services import codex_version_create_draft, codex_version_publish


@pytest.mark.django_db
def test_choices_follow_a_new_published_version(world, django_capture_on_commit_callbacks):
    default_codex_install(client=world.client)
    before = dict(codex_choices(world.client.pk, "fi")["situations"])
    assert before["product_inquiry"] == "Tuotteesta tai palvelusta kysyvä asiakas"
    assert codex_choices(world.other_client.pk, "fi")["situations"] == []

    draft = codex_version_create_draft(source=CodexVersion.objects.get(client=world.client))
    Situation.objects.filter(codex_version=draft, key="product_inquiry").update(
        name_fi="Kysyy tuotteesta"
    )
    assert dict(codex_choices(world.client.pk, "fi")["situations"]) == before  # a draft: not yet
    with django_capture_on_commit_callbacks(execute=True):
        codex_version_publish(version=draft)

    after = dict(codex_choices(world.client.pk, "fi")["situations"])
    assert after["product_inquiry"] == "Kysyy tuotteesta"
    assert dict(codex_choices(None, "fi")["situations"])["product_inquiry"] == "Kysyy tuotteesta"
    english = dict(codex_choices(world.client.pk, "en")["situations"])
    assert english["product_inquiry"] == "Inquiry about a product or service"
