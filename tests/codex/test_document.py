"""The codex as a document: exported as a spreadsheet or YAML and imported back to the same codex;
an edited spreadsheet imported as a draft whose changes are named; a spreadsheet full of
mistakes refused whole, every mistake at its place in the author's language."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from checklists.models import Checklist, ChecklistVersion
from codex.constants import VersionStatus
from codex.diff import codex_diff
from codex.document import export_document
from codex.formats import write_xlsx, write_yaml
from codex.importing import CodexFileInvalid, codex_import
from codex.models import CodexVersion, ItemTemplate, Norm
from codex.services import codex_version_create_draft, codex_version_publish
from portal.views import filter_choices
from reports.labels import channel_name
from tests.conftest import api_as

DEFAULT_FILE = Path(settings.BASE_DIR) / "codex" / "default_codex.yaml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Book:
    """An exported spreadsheet, edited the way a person would: by heading and by key."""

    def __init__(self, content: bytes):
        self.book = load_workbook(io.BytesIO(content))

    def sheet(self, title):
        return self.book[title]

    def col(self, title, heading) -> int:
        headings = [cell.value for cell in self.sheet(title)[1]]
        return headings.index(heading) + 1

    def row(self, title, **match) -> int:
        sheet = self.sheet(title)
        for number in range(2, sheet.max_row + 1):
            if all(
                sheet.cell(number, self.col(title, heading)).value == value
                for heading, value in match.items()
            ):
                return number
        raise AssertionError(f"no row {match} on {title}")

    def set(self, title, row, heading, value) -> None:
        self.sheet(title).cell(row, self.col(title, heading)).value = value

    def append(self, title, **values) -> int:
        sheet = self.sheet(title)
        headings = [cell.value for cell in sheet[1]]
        sheet.append([values.get(heading) for heading in headings])
        return sheet.max_row

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def _without_comments(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("#"))


@pytest.mark.django_db
def test_the_shipped_file_is_the_default_codex_exactly(world, default_codex):
    version, _ = default_codex

    exported = write_yaml(export_document(version)).decode()

    assert exported == _without_comments(DEFAULT_FILE.read_text())


@pytest.mark.django_db
@pytest.mark.parametrize("writer", [write_xlsx, write_yaml], ids=["xlsx", "yaml"])
@pytest.mark.parametrize("language", ["en", "fi", "hu"])
def test_the_default_codex_round_trips_exactly(world, default_codex, writer, language):
    version, _ = default_codex
    document = export_document(version)
    with translation.override(language):
        content = writer(document)

    imported = codex_import(client=world.client, content=content)

    assert imported.status == VersionStatus.DRAFT
    assert imported.number == version.number + 1
    assert export_document(imported).sheets == document.sheets
    assert (
        imported.item_templates.count()
        == version.item_templates.count()
        == len(document.rows("items"))
    )
    assert len(document.rows("items")) > 40
    assert codex_diff(document, export_document(imported)) == []


@pytest.mark.django_db
def test_an_imported_codex_publishes_into_the_same_checklists(world, default_codex):
    version, _ = default_codex
    draft = codex_import(client=world.client, content=write_xlsx(export_document(version)))

    codex_version_publish(version=draft)

    def shape(codex_version):
        return sorted(
            (
                checklist_version.checklist.key,
                tuple(checklist_version.items.values_list("key", "type", "norm__key", "weight")),
            )
            for checklist_version in ChecklistVersion.objects.filter(codex_version=codex_version)
        )

    assert shape(draft) == shape(version)
    assert len(shape(draft)) == 28
    assert all(
        checklist.current_version.codex_version_id == draft.pk
        for checklist in Checklist.objects.filter(client=world.client)
    )


@pytest.mark.django_db
def test_a_draft_copy_keeps_the_items_channels_and_settings(world, default_codex):
    version, _ = default_codex
    version.critical_miss_zeroes_total = False  # as a client set it, before publishing
    CodexVersion.objects.filter(pk=version.pk).update(critical_miss_zeroes_total=False)

    draft = codex_version_create_draft(source=version)

    before, after = export_document(version).sheets, export_document(draft).sheets
    assert after["codex"][0]["critical_miss_zeroes_total"] is False
    for sheet in ("channels", "items", "choices", "norms", "checkpoints", "steps"):
        assert after[sheet] == before[sheet], sheet


def _edited(version) -> bytes:
    """The default codex's spreadsheet with four edits a client's author would make."""
    book = Book(write_xlsx(export_document(version)))
    items, norms = "Items", "Norms"
    book.set(
        items,
        book.row(items, Key="greeting_seconds"),
        "Question (fi)",
        "Sekunteja sisääntulosta siihen, kun sinut huomattiin tai sinua tervehdittiin",
    )
    book.append(
        norms,
        **{
            "Key": "thanked_for_visit",
            "Checkpoint": "mood_at_departure",
            "Rule (en)": "The customer is thanked for the visit.",
            "Rule (fi)": "Asiakasta kiitetään käynnistä.",
            "Rule (hu)": "Megköszönjük az ügyfélnek a látogatást.",
            "Measured as": "observed",
            "Target share of visits": 1,
            "Where the behaviour comes from": "client",
            "Where the target comes from": "client",
        },
    )
    book.sheet("Checkpoints").delete_rows(book.row("Checkpoints", Key="overall_comment"))
    book.sheet(items).delete_rows(book.row(items, Key="overall_comment"))
    book.append(
        "Channels",
        **{
            "Key": "social_media",
            "Name (en)": "Social media",
            "Name (fi)": "Sosiaalinen media",
            "Name (hu)": "Közösségi média",
            "In a checklist's name (en)": "on social media",
            "In a checklist's name (fi)": "sosiaalisessa mediassa",
            "In a checklist's name (hu)": "a közösségi médiában",
        },
    )
    return book.bytes()


@pytest.mark.django_db
def test_an_edited_spreadsheet_imports_as_a_draft_whose_changes_are_named(world, default_codex):
    version, _ = default_codex
    agency = api_as(world.agency_admin)
    upload = io.BytesIO(_edited(version))
    upload.name = "codex.xlsx"

    response = agency.post(
        "/api/v1/codex/imports/", {"client": world.client.pk, "file": upload}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"]["status"] == "draft"
    assert body["against"]["id"] == version.pk
    changes = {
        (change["sheet"], change["key"], change["change"], change["column"])
        for change in body["changes"]
    }
    assert changes == {
        ("items", "greeting_seconds", "reworded", "text"),
        ("norms", "thanked_for_visit", "added", None),
        ("checkpoints", "overall_comment", "removed", None),
        ("items", "overall_comment", "removed", None),
        ("channels", "social_media", "added", None),
    }
    reworded = next(change for change in body["changes"] if change["change"] == "reworded")
    assert reworded["languages"] == ["fi"]
    assert "Seconds from entering" in reworded["summary"]
    assert "greeting_seconds" not in reworded["summary"]
    # The same changes, read again from the draft.
    draft_id = body["version"]["id"]
    again = agency.get(f"/api/v1/codex/versions/{draft_id}/changes/").json()
    assert again["changes"] == body["changes"]
    # Published, the new channel gets its checklists; the removed item is asked nowhere new.
    published = agency.post(f"/api/v1/codex/versions/{draft_id}/publish/")
    assert published.status_code == 200, published.json()
    social = Checklist.objects.get(client=world.client, key="product-inquiry-social-media")
    assert social.name_fi.endswith("(sosiaalisessa mediassa)")
    assert not social.current_version.items.filter(key="overall_comment").exists()
    assert agency.post(f"/api/v1/codex/versions/{draft_id}/publish/").status_code == 409
    # The new channel is data everywhere: the phone lists its checklists, the figures filter
    # by it, and its name is the codex's own in the reader's language.
    listed = api_as(world.auditor).get("/api/v1/checklists/", {"channel": "social_media"})
    assert {row["channel"] for row in listed.json()["results"]} == {"social_media"}
    assert len(listed.json()["results"]) == 7
    scores = api_as(world.client_admin).get(
        "/api/v1/scores/missed-norms/", {"channel": "social_media"}
    )
    assert scores.status_code == 200, scores.json()
    assert channel_name("social_media", "fi") == "Sosiaalinen media"
    with translation.override("hu"):
        offered = filter_choices(world.client_admin)["channels"]
    assert ("social_media", "Közösségi média") in offered


def _twenty_mistakes(version) -> tuple[bytes, set[str]]:
    book = Book(write_xlsx(export_document(version)))
    mistakes = set()

    def mistake(title, key_or_match, heading, value, attr_sheet, attr_column):
        match = key_or_match if isinstance(key_or_match, dict) else {"Key": key_or_match}
        row = book.row(title, **match)
        book.set(title, row, heading, value)
        mistakes.add(f"{attr_sheet}.{row}.{attr_column}")

    mistake("Channels", "chat", "In a checklist's name (hu)", None, "channels", "label_hu")
    mistake("Phases", "waiting", "Weight", "heavy", "phases", "weight")
    mistake("Phases", "decision", "Name (fi)", "", "phases", "name_fi")
    mistake(
        "Situations", "complaint", "Who starts the contact", "sideways", "situations", "direction"
    )
    mistake(
        "Steps", {"Situation": "complaint", "Key": "farewell"}, "Phase", "nowhere", "steps", "phase"
    )
    mistake(
        "Steps",
        {"Situation": "acquisition", "Key": "farewell"},
        "Goal (en)",
        "",
        "steps",
        "goal_en",
    )
    mistake("Checkpoints", "first_impression", "Step", "no_such_step", "checkpoints", "step")
    mistake(
        "Checkpoints",
        "entrance_photo",
        "Only in channels",
        "in_person, telepathy",
        "checkpoints",
        "channels",
    )
    mistake("Personas", "expert_engineer", "Key", "expert engineer!", "personas", "key")
    mistake("Norms", "no_pushing", "Target share of visits", 1.5, "norms", "target_rate")
    mistake(
        "Norms", "greeted_within_8s", "Time limit (seconds)", None, "norms", "threshold_seconds"
    )
    mistake(
        "Norms",
        "phone_answered_within_8s",
        "Partial credit until (seconds)",
        5,
        "norms",
        "partial_credit_until_seconds",
    )
    mistake(
        "Norms",
        "feedback_requested",
        "Where the behaviour comes from",
        "gut feeling",
        "norms",
        "basis",
    )
    mistake("Items", "calm_from_first_second", "Type", "essay", "items", "type")
    mistake("Items", "services_signposted", "Weight", -1, "items", "weight")
    mistake("Items", "asked_permission", "Critical", "maybe", "items", "critical")
    mistake("Items", "entrance_photo", "Photos at least", 1.5, "items", "min_photos")
    mistake(
        "Items", "queue_present", "Shown when item", "waiting_seconds", "items", "condition_item"
    )
    mistake("Items", "referred_to_earlier_contact", "Norm", "no_pushing", "items", "norm")
    mistake("Personas", "upset_caller", "Gender", "robot", "personas", "gender")
    return book.bytes(), mistakes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sheet_title"), [("fi", "Normit"), ("hu", "Normák"), ("en", "Norms")]
)
def test_twenty_mistakes_are_refused_whole_each_at_its_place(
    world, default_codex, language, sheet_title
):
    version, _ = default_codex
    content, mistakes = _twenty_mistakes(version)
    before = (CodexVersion.objects.count(), ItemTemplate.objects.count(), Norm.objects.count())
    upload = io.BytesIO(content)
    upload.name = "codex.xlsx"

    response = api_as(world.agency_admin).post(
        "/api/v1/codex/imports/",
        {"client": world.client.pk, "file": upload},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 20, [error["detail"] for error in errors]
    assert {error["attr"] for error in errors} == mistakes
    norm_errors = [error["detail"] for error in errors if error["attr"].startswith("norms.")]
    assert all(detail.startswith(f"{sheet_title}, ") for detail in norm_errors), norm_errors
    if language != "en":
        for error in errors:
            assert "row" not in error["detail"], error
            assert "Give" not in error["detail"], error
    assert (
        CodexVersion.objects.count(),
        ItemTemplate.objects.count(),
        Norm.objects.count(),
    ) == before


@pytest.mark.django_db
def test_a_file_that_is_no_codex_is_refused_with_what_to_do(world):
    with pytest.raises(CodexFileInvalid) as refused:
        codex_import(client=world.client, content=b"name: my shop\n")

    assert refused.value.problems[0]["code"] == "not_a_codex"
    assert "format: codex-audit/codex" in refused.value.problems[0]["detail"]
    assert not CodexVersion.objects.exists()


@pytest.mark.django_db
def test_files_that_only_expand_into_something_huge_are_refused(world):
    aliases = b"format: codex-audit/codex\na: &a [x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a]\n"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))

    for content, code in ((aliases, "yaml_alias"), (bomb.getvalue(), "too_large")):
        with pytest.raises(CodexFileInvalid) as refused:
            codex_import(client=world.client, content=content)
        assert [problem["code"] for problem in refused.value.problems] == [code]
    assert not CodexVersion.objects.exists()


@pytest.mark.django_db
def test_a_yaml_text_given_in_one_language_only_is_located(world):
    content = DEFAULT_FILE.read_bytes().replace(
        b"- key: waiting\n  name:\n    en: Waiting\n",
        b"- key: waiting\n  name: Waiting\n  x:\n    en: Waiting\n",
        1,
    )

    with pytest.raises(CodexFileInvalid) as refused:
        codex_import(client=world.client, content=content)

    attrs = {problem["attr"] for problem in refused.value.problems}
    assert "phases.2.name_en" in attrs
    assert "phases.2.x" in attrs


ROLES = [
    "agency_admin",
    "reviewer",
    "client_admin",
    "other_client_admin",
    "regional_manager",
    "auditor",
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_codex(world, default_codex, role):
    own, other = default_codex
    reader = api_as(getattr(world, role))
    sees = {
        "agency_admin": {own.pk, other.pk},
        "reviewer": {own.pk, other.pk},
        "client_admin": {own.pk},
        "other_client_admin": {other.pk},
    }.get(role)

    listed = reader.get("/api/v1/codex/versions/")

    if sees is None:
        assert listed.status_code == 403
        assert reader.get(f"/api/v1/codex/versions/{own.pk}/export.yaml").status_code == 403
        return
    assert {row["id"] for row in listed.json()["results"]} == sees
    for version in (own, other):
        expected = 200 if version.pk in sees else 404
        assert reader.get(f"/api/v1/codex/versions/{version.pk}/").status_code == expected
        assert reader.get(f"/api/v1/codex/versions/{version.pk}/changes/").status_code == expected
        exported = reader.get(f"/api/v1/codex/versions/{version.pk}/export.xlsx")
        assert exported.status_code == expected
    missing = reader.get("/api/v1/codex/versions/999999/export.xlsx")
    assert missing.status_code == 404
    assert reader.get(f"/api/v1/codex/versions/{own.pk}/export.pdf").status_code in (403, 404)
    for version in (own, other):
        if version.pk not in sees:
            hidden = reader.get(f"/api/v1/codex/versions/{version.pk}/export.xlsx")
            assert hidden.json() == missing.json()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_agency_admins_import_and_publish(world, default_codex, role):
    own, _ = default_codex
    draft = codex_version_create_draft(source=own)
    writer = api_as(getattr(world, role))
    upload = io.BytesIO(write_yaml(export_document(own)))
    upload.name = "codex.yaml"

    imported = writer.post(
        "/api/v1/codex/imports/", {"client": world.client.pk, "file": upload}, format="multipart"
    )
    published = writer.post(f"/api/v1/codex/versions/{draft.pk}/publish/")

    if role == "agency_admin":
        assert imported.status_code == 201
        assert published.status_code == 200
        assert published.json()["status"] == "published"
    else:
        assert imported.status_code == 403
        assert published.status_code == 403
        assert CodexVersion.objects.filter(client=world.client).count() == 2
        draft.refresh_from_db()
        assert draft.status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_the_spreadsheet_speaks_the_readers_language(world, default_codex):
    own, _ = default_codex

    response = api_as(world.client_admin).get(
        f"/api/v1/codex/versions/{own.pk}/export.xlsx", HTTP_ACCEPT_LANGUAGE="fi"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert "Normit" in book.sheetnames
    headings = [cell.value for cell in book["Normit"][1]]
    assert "Sääntö (fi)" in headings


@pytest.mark.django_db
def test_what_the_database_would_refuse_is_a_located_problem_instead(world, default_codex):
    version, _ = default_codex
    book = Book(write_xlsx(export_document(version)))
    row = book.row("Items", Key="greeting_seconds")
    book.set("Items", row, "Question (hu)", "x" * 501)
    book.set("Items", book.row("Items", Key="queue_present"), "Condition value", "2026-01-01")
    persona = book.row("Personas", Key="upset_caller")
    book.set("Personas", persona, "Language", "hungarian")

    with pytest.raises(CodexFileInvalid) as refused:
        codex_import(client=world.client, content=book.bytes())

    assert {(problem["code"], problem["attr"]) for problem in refused.value.problems} == {
        ("too_long", f"items.{row}.text_hu"),
        ("too_long", f"personas.{persona}.language"),
    }
    nested = b"format: codex-audit/codex\nphases: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    dated = DEFAULT_FILE.read_bytes().replace(
        b"  condition_value: true\n", b"  condition_value: 2026-01-01\n", 1
    )
    for content, code in ((nested, "unreadable"), (dated, "invalid_value")):
        with pytest.raises(CodexFileInvalid) as refused:
            codex_import(client=world.client, content=content)
        assert code in [problem["code"] for problem in refused.value.problems]
    assert CodexVersion.objects.filter(client=world.client).count() == 1
