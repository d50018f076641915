"""Publishing and drafting checklist versions; published versions are immutable."""

import pytest

from api.errors import ConflictError, DomainValidationError
from checklists.models import Item
from checklists.services import checklist_version_create_draft, checklist_version_publish
from codex.constants import VersionStatus
from codex.models import PublishedVersionImmutable
from tests.factories import (
    ChecklistVersionFactory,
    ItemChoiceFactory,
    ItemFactory,
    NormFactory,
    PhaseFactory,
    publish_codex,
)


@pytest.fixture
def draft(db):
    """A draft checklist version on a published codex with two phases and one norm."""
    version = ChecklistVersionFactory()
    PhaseFactory(codex_version=version.codex_version, key="early", position=0)
    PhaseFactory(codex_version=version.codex_version, key="late", position=1)
    NormFactory(
        codex_version=version.codex_version,
        key="smile",
        checkpoint__phase=(version.codex_version.phases.first()),
    )
    publish_codex(version.codex_version)
    return version


@pytest.mark.django_db
def test_publishing_freezes_the_version_and_makes_it_current(draft):
    ItemFactory(checklist_version=draft, key="greeting")

    checklist_version_publish(version=draft)

    draft.refresh_from_db()
    draft.checklist.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_at is not None
    assert len(draft.content_hash) == 64
    assert draft.checklist.current_version == draft


@pytest.mark.django_db
def test_publishing_refuses_duplicate_keys_and_leaves_the_draft_as_it_was(draft):
    ItemFactory(checklist_version=draft, key="greeting")
    ItemFactory(checklist_version=draft, key="greeting")

    with pytest.raises(DomainValidationError) as raised:
        checklist_version_publish(version=draft)

    assert [p["code"] for p in raised.value.as_errors()] == ["duplicate_key"]
    draft.refresh_from_db()
    draft.checklist.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert draft.checklist.current_version is None


@pytest.mark.django_db
def test_publishing_refuses_a_condition_on_a_later_item_in_phase_order(draft):
    early = draft.codex_version.phases.get(key="early")
    late = draft.codex_version.phases.get(key="late")
    # Listed first by position, but its phase comes later: the document order is phase first.
    ItemFactory(checklist_version=draft, phase=late, key="queue", position=0)
    ItemFactory(
        checklist_version=draft,
        phase=early,
        key="waiting",
        position=1,
        condition_item_key="queue",
        condition_operator="equals",
        condition_value=True,
    )

    with pytest.raises(DomainValidationError) as raised:
        checklist_version_publish(version=draft)

    assert raised.value.as_errors()[0]["code"] == "condition_item_not_earlier"


@pytest.mark.django_db
def test_publishing_refuses_bad_scale_bounds(draft):
    ItemFactory(checklist_version=draft, key="mood", type="scale", min_value=5, max_value=1)

    with pytest.raises(DomainValidationError) as raised:
        checklist_version_publish(version=draft)

    assert raised.value.as_errors() == [
        {
            "code": "invalid_scale_bounds",
            "detail": "The scale's lower bound 5.00 is not below its upper bound 1.00.",
            "attr": "items.mood.min_value",
        }
    ]


@pytest.mark.django_db
def test_publishing_refuses_a_draft_codex(db):
    version = ChecklistVersionFactory()
    ItemFactory(checklist_version=version)

    with pytest.raises(DomainValidationError) as raised:
        checklist_version_publish(version=version)

    assert raised.value.as_errors()[0]["code"] == "codex_not_published"


@pytest.mark.django_db
def test_publishing_twice_is_a_conflict(draft):
    ItemFactory(checklist_version=draft)
    checklist_version_publish(version=draft)

    with pytest.raises(ConflictError) as raised:
        checklist_version_publish(version=draft)

    assert raised.value.code == "already_published"


@pytest.mark.django_db
def test_editing_a_published_version_is_refused_with_a_clear_error(draft):
    item = ItemFactory(checklist_version=draft, key="greeting", text="Greeted?")
    choice_item = ItemFactory(checklist_version=draft, type="single_choice")
    choice = ItemChoiceFactory(item=choice_item)
    ItemChoiceFactory(item=choice_item)
    checklist_version_publish(version=draft)
    item.refresh_from_db()

    item.text = "Changed"
    with pytest.raises(PublishedVersionImmutable) as raised:
        item.save()
    with pytest.raises(PublishedVersionImmutable):
        item.delete()
    with pytest.raises(PublishedVersionImmutable):
        choice.delete()
    with pytest.raises(PublishedVersionImmutable):
        ItemFactory(checklist_version=draft)

    assert raised.value.code == "published_version_immutable"
    assert "create a new draft" in raised.value.message
    assert Item.objects.get(pk=item.pk).text == "Greeted?"
    assert Item.objects.filter(checklist_version=draft).count() == 2


@pytest.mark.django_db
def test_a_new_draft_copies_items_and_choices_and_is_editable(draft):
    norm = draft.codex_version.norms.get(key="smile")
    item = ItemFactory(checklist_version=draft, key="pick", type="single_choice", norm=norm)
    ItemChoiceFactory(item=item, key="a", label="A")
    ItemChoiceFactory(item=item, key="b", label="B")
    checklist_version_publish(version=draft)

    new = checklist_version_create_draft(checklist=draft.checklist)
    copied = new.items.get()
    copied.text = "Edited in the draft"
    copied.save()

    assert new.number == draft.number + 1
    assert new.status == VersionStatus.DRAFT
    assert copied.pk != item.pk
    assert copied.norm == norm
    assert list(copied.choices.values_list("key", "label")) == [("a", "A"), ("b", "B")]
    assert Item.objects.get(pk=item.pk).text != "Edited in the draft"
    draft.checklist.refresh_from_db()
    assert draft.checklist.current_version == draft
