"""The agency's admin: publishing reports validation errors; published versions are read-only."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from checklists.models import ChecklistVersion, Item
from codex.constants import VersionStatus
from tests.factories import (
    ChecklistVersionFactory,
    ItemFactory,
    LocationFactory,
    PhaseFactory,
    publish_codex,
)


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.agency_admin)
    return client


@pytest.fixture
def draft(db):
    version = ChecklistVersionFactory()
    PhaseFactory(codex_version=version.codex_version)
    publish_codex(version.codex_version)
    return version


def run_action(admin_client, action: str, version: ChecklistVersion):
    return admin_client.post(
        reverse("admin:checklists_checklistversion_changelist"),
        {"action": action, "_selected_action": [version.pk]},
        follow=True,
    )


@pytest.mark.django_db
def test_publish_action_reports_every_validation_error(admin_client, draft):
    ItemFactory(checklist_version=draft, key="dup")
    ItemFactory(checklist_version=draft, key="dup")
    ItemFactory(checklist_version=draft, key="mood", type="scale", min_value=5, max_value=1)

    response = run_action(admin_client, "publish", draft)

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1
    assert "was not published" in messages[0]
    assert "[duplicate_key]" in messages[0]
    assert "[invalid_scale_bounds]" in messages[0]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_publish_action_publishes_a_valid_draft(admin_client, draft):
    ItemFactory(checklist_version=draft, key="greeting")

    response = run_action(admin_client, "publish", draft)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{draft.checklist} v{draft.number} published."
    ]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


@pytest.mark.django_db
def test_published_version_is_read_only_in_the_admin(admin_client, draft):
    item = ItemFactory(checklist_version=draft, key="greeting", text="Greeted?")
    run_action(admin_client, "publish", draft)
    url = reverse("admin:checklists_item_change", args=[item.pk])

    page = admin_client.get(url)
    post = admin_client.post(url, {"key": "changed", "text_en": "Changed"})

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert post.status_code == 403
    assert Item.objects.get(pk=item.pk).key == "greeting"


@pytest.mark.django_db
def test_create_draft_action_makes_an_editable_copy(admin_client, draft):
    ItemFactory(checklist_version=draft, key="greeting")
    run_action(admin_client, "publish", draft)

    run_action(admin_client, "create_draft", draft)

    new = ChecklistVersion.objects.get(checklist=draft.checklist, number=draft.number + 1)
    assert new.status == VersionStatus.DRAFT
    assert list(new.items.values_list("key", flat=True)) == ["greeting"]
    change = admin_client.get(reverse("admin:checklists_checklistversion_change", args=[new.pk]))
    assert b'name="_save"' in change.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "codex_codexversion",
        "codex_situation",
        "codex_checkpoint",
        "codex_norm",
        "checklists_checklist",
        "checklists_checklistversion",
        "checklists_item",
        "organizations_client",
        "organizations_location",
        "accounts_user",
    ],
)
def test_admin_pages_open_with_the_default_codex(admin_client, world, default_codex, name):
    LocationFactory(region=world.region)
    changelist = admin_client.get(reverse(f"admin:{name}_changelist"))
    assert changelist.status_code == 200
    model = changelist.context["cl"].model
    first = model.objects.first()

    change = admin_client.get(reverse(f"admin:{name}_change", args=[first.pk]))

    assert change.status_code == 200


@pytest.mark.django_db
def test_an_agency_admin_plans_and_creates_a_wave_in_the_admin(admin_client, world, default_codex):
    from audits.models import Assignment
    from tests.factories import UserFactory
    from tests.waves.conftest import profile
    from waves.models import Wave

    LocationFactory(region=world.region, name="Kamppi")
    profile(world.auditor, personas=["young_novice", "novice_pensioner"])
    profile(
        UserFactory(username="shopper-2", role="auditor", works_for=[world.client]),
        personas=["young_novice", "novice_pensioner"],
    )
    url = reverse("admin:waves_wave_add")
    form = {
        "client": world.client.pk,
        "name": "December",
        "period_start": "2026-12-01",
        "period_end": "2026-11-01",
        "visits_per_location": 2,
    }

    refused = admin_client.post(url, form)
    assert refused.status_code == 200
    assert "The period ends before it starts." in refused.content.decode()
    assert not Wave.objects.exists()

    made = admin_client.post(url, {**form, "period_end": "2026-12-31"}, follow=True)

    assert made.status_code == 200
    wave = Wave.objects.get()
    assert (wave.name, wave.created_by) == ("December", world.agency_admin)
    assert Assignment.objects.filter(wave=wave).count() == wave.coverage["placed"] > 0
    assert admin_client.get(reverse("admin:waves_wave_change", args=[wave.pk])).status_code == 200


@pytest.mark.django_db
def test_a_codex_version_downloads_as_the_spreadsheet_that_imports_back(
    admin_client, world, default_codex
):
    from codex.document import export_document
    from codex.importing import codex_import

    version, _ = default_codex

    response = admin_client.post(
        reverse("admin:codex_codexversion_changelist"),
        {"action": "export_xlsx", "_selected_action": [version.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    draft = codex_import(client=world.client, content=response.content)
    assert export_document(draft).sheets == export_document(version).sheets
