"""The phone's checklist API, tested as the phone and the other roles use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from checklists.models import Checklist, ChecklistVersion
from checklists.services import checklist_version_create_draft, checklist_version_publish
from tests.conftest import api_as
from tests.factories import (
    ChecklistVersionFactory,
    ItemChoiceFactory,
    ItemFactory,
    PhaseFactory,
    publish_codex,
)

SEVEN_PHASES = [
    "arrival",
    "waiting",
    "needs_clarification",
    "sales_conversation",
    "decision",
    "departure",
    "aftercare",
]


def product_inquiry_in_person(client) -> Checklist:
    return Checklist.objects.get(
        client=client, situation_key="product_inquiry", channel="in_person"
    )


def current_url(checklist: Checklist) -> str:
    return f"/api/v1/checklists/{checklist.pk}/"


def all_items(document: dict) -> dict[str, dict]:
    return {item["key"]: item for section in document["sections"] for item in section["items"]}


@pytest.mark.django_db
def test_in_person_product_inquiry_has_seven_phases_and_the_8_second_greeting(world, default_codex):
    checklist = product_inquiry_in_person(world.client)

    response = api_as(world.auditor).get(current_url(checklist))

    assert response.status_code == 200
    document = response.json()
    assert [section["phase"]["key"] for section in document["sections"]] == SEVEN_PHASES
    assert document["sections"][0]["phase"]["name"] == "Arrival"
    greeting = all_items(document)["greeting_seconds"]
    assert greeting["type"] == "duration"
    assert greeting["norm"]["key"] == "greeted_within_8s"
    assert greeting["norm"]["measure"] == "max_duration"
    assert greeting["norm"]["threshold_seconds"] == 8.0
    assert document["language"] == "en"
    assert document["situation"] == "product_inquiry"
    assert document["channel"] == "in_person"


@pytest.mark.django_db
def test_conditions_loyalty_and_photo_items_reach_the_phone(world, default_codex):
    document = api_as(world.auditor).get(current_url(product_inquiry_in_person(world.client)))
    items = all_items(document.json())

    assert items["waiting_seconds"]["condition"] == {
        "item": "queue_present",
        "op": "equals",
        "value": True,
    }
    assert items["queue_present"]["condition"] is None
    assert items["loyalty"]["measures_loyalty"] is True
    assert [c["key"] for c in items["loyalty"]["choices"]] == [
        "consumer",
        "trier",
        "customer",
        "loyalist",
        "advocate",
    ]
    assert items["entrance_photo"]["min_photos"] == 1
    assert items["first_impression"]["min"] == 1
    assert items["first_impression"]["max"] == 5
    assert items["queue_present"]["min"] is None  # a yes/no item has no bounds: null, as documented


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language", "arrival", "greeting_rule"),
    [
        (
            "fi",
            "fi",
            "Palveluun saapuminen",
            "Jokainen asiakas huomioidaan tai häntä tervehditään kahdeksan sekunnin kuluessa.",
        ),
        (
            "hu-HU,hu;q=0.9,en;q=0.5",
            "hu",
            "Érkezés",
            "Minden ügyfelet nyolc másodpercen belül észreveszünk vagy köszöntünk.",
        ),
        (
            "de-DE,de;q=0.9",
            "en",
            "Arrival",
            "Every customer is noticed or greeted within eight seconds.",
        ),
    ],
)
def test_checklist_comes_in_the_language_asked_for(
    world, default_codex, accept_language, language, arrival, greeting_rule
):
    checklist = product_inquiry_in_person(world.client)

    response = api_as(world.auditor).get(
        current_url(checklist), HTTP_ACCEPT_LANGUAGE=accept_language
    )

    document = response.json()
    assert response["Content-Language"] == language
    assert document["language"] == language
    assert document["sections"][0]["phase"]["name"] == arrival
    assert all_items(document)["greeting_seconds"]["norm"]["rule"] == greeting_rule


@pytest.mark.django_db
def test_missing_translation_falls_back_to_english(world):
    version = ChecklistVersionFactory(checklist__client=world.client)
    ItemFactory(checklist_version=version, key="smile", text_en="Did they smile?", text_fi="")
    publish_codex(version.codex_version)
    checklist_version_publish(version=version)

    response = api_as(world.auditor).get(current_url(version.checklist), HTTP_ACCEPT_LANGUAGE="fi")

    assert all_items(response.json())["smile"]["text"] == "Did they smile?"


@pytest.mark.django_db
def test_second_fetch_with_etag_gets_304_and_no_body(world, default_codex):
    url = current_url(product_inquiry_in_person(world.client))
    phone = api_as(world.auditor)
    first = phone.get(url)

    second = phone.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    assert "Accept-Language" in first["Vary"]
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_etag_differs_by_language(world, default_codex):
    url = current_url(product_inquiry_in_person(world.client))
    phone = api_as(world.auditor)
    english = phone.get(url)

    finnish = phone.get(url, HTTP_ACCEPT_LANGUAGE="fi", HTTP_IF_NONE_MATCH=english["ETag"])

    assert finnish.status_code == 200
    assert finnish["ETag"] != english["ETag"]


@pytest.mark.django_db
def test_publishing_a_new_version_changes_the_etag(world, default_codex):
    checklist = product_inquiry_in_person(world.client)
    phone = api_as(world.auditor)
    before = phone.get(current_url(checklist))

    draft = checklist_version_create_draft(checklist=checklist)
    checklist_version_publish(version=draft)
    after = phone.get(current_url(checklist), HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["number"] == 2
    assert after.json()["id"] == draft.pk


@pytest.mark.django_db
def test_pinned_version_stays_available_and_cacheable_after_a_new_one(world, default_codex):
    checklist = product_inquiry_in_person(world.client)
    old = checklist.current_version
    checklist_version_publish(version=checklist_version_create_draft(checklist=checklist))

    response = api_as(world.auditor).get(f"/api/v1/checklist-versions/{old.pk}/")

    assert response.status_code == 200
    assert response.json()["number"] == 1
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]


@pytest.mark.django_db
def test_auditor_lists_only_checklists_of_clients_they_work_for(world, default_codex):
    response = api_as(world.auditor).get("/api/v1/checklists/", {"page_size": 500})

    assert response.status_code == 200
    clients = {row["client"] for row in response.json()["results"]}
    assert clients == {"Acme Retail"}
    assert len(response.json()["results"]) == 28


@pytest.mark.django_db
def test_checklist_list_filters_by_channel_and_situation(world, default_codex):
    response = api_as(world.auditor).get(
        "/api/v1/checklists/", {"channel": "phone", "situation_key": "complaint"}
    )

    assert [row["key"] for row in response.json()["results"]] == ["complaint-phone"]


@pytest.mark.django_db
def test_drafts_are_not_listed_nor_served_to_auditors(world, default_codex):
    checklist = product_inquiry_in_person(world.client)
    draft = checklist_version_create_draft(checklist=checklist)

    auditor = api_as(world.auditor)
    listed = auditor.get("/api/v1/checklists/", {"page_size": 500}).json()["results"]
    pinned = auditor.get(f"/api/v1/checklist-versions/{draft.pk}/")
    preview = api_as(world.reviewer).get(f"/api/v1/checklist-versions/{draft.pk}/")

    assert {row["current_version"]["number"] for row in listed} == {1}
    assert pinned.status_code == 404
    assert preview.status_code == 200
    assert "ETag" not in preview
    assert preview["Cache-Control"] == "private, no-store"


ROLE_EXPECTATIONS = [
    # (role attribute, status for own client's checklist, status for other client's checklist)
    ("auditor", 200, 404),
    ("other_auditor", 404, 200),
    ("reviewer", 200, 200),
    ("agency_admin", 200, 200),
    ("regional_manager", 200, 404),
    ("client_admin", 200, 404),
    ("other_client_admin", 404, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "own_status", "other_status"), ROLE_EXPECTATIONS)
@pytest.mark.parametrize("endpoint", ["current", "version"])
def test_authorization_matrix_for_checklist_documents(
    world, default_codex, role, own_status, other_status, endpoint
):
    own = product_inquiry_in_person(world.client)
    other = product_inquiry_in_person(world.other_client)

    def url(checklist):
        if endpoint == "current":
            return current_url(checklist)
        return f"/api/v1/checklist-versions/{checklist.current_version_id}/"

    client = api_as(getattr(world, role))
    own_response = client.get(url(own))
    other_response = client.get(url(other))

    assert own_response.status_code == own_status
    assert other_response.status_code == other_status
    if other_status == 404:
        assert other_response.json() == {
            "type": "client_error",
            "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own_count", "other_count"),
    [
        ("auditor", 28, 0),
        ("other_auditor", 0, 28),
        ("reviewer", 28, 28),
        ("regional_manager", 28, 0),
        ("client_admin", 28, 0),
        ("other_client_admin", 0, 28),
    ],
)
def test_authorization_matrix_for_the_list(world, default_codex, role, own_count, other_count):
    rows = api_as(getattr(world, role)).get("/api/v1/checklists/", {"page_size": 500}).json()

    clients = [row["client"] for row in rows["results"]]
    assert clients.count("Acme Retail") == own_count
    assert clients.count("Other Corp") == other_count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/checklists/",
        "/api/v1/checklists/1/",
        "/api/v1/checklist-versions/1/",
        "/api/v1/me/",
    ],
)
def test_anonymous_requests_get_401(world, default_codex, url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


@pytest.mark.django_db
def test_read_only_endpoints_refuse_writes_without_changing_anything(world, default_codex):
    checklist = product_inquiry_in_person(world.client)
    versions_before = ChecklistVersion.objects.count()

    response = api_as(world.agency_admin).post(current_url(checklist), {"number": 9})

    assert response.status_code == 405
    assert ChecklistVersion.objects.count() == versions_before


def _checklist_with_items(client, count: int) -> Checklist:
    version = ChecklistVersionFactory(checklist__client=client)
    phases = [PhaseFactory(codex_version=version.codex_version) for _ in range(3)]
    for index in range(count):
        item = ItemFactory(
            checklist_version=version,
            phase=phases[index % 3],
            type="single_choice",
        )
        ItemChoiceFactory(item=item)
        ItemChoiceFactory(item=item)
    publish_codex(version.codex_version)
    checklist_version_publish(version=version)
    return Checklist.objects.get(pk=version.checklist_id)


@pytest.mark.django_db
def test_checklist_fetch_query_count_does_not_grow_with_items(world):
    small = _checklist_with_items(world.client, 5)
    large = _checklist_with_items(world.client, 15)
    phone = api_as(world.auditor)

    with CaptureQueriesContext(connection) as small_queries:
        assert phone.get(current_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as large_queries:
        assert phone.get(current_url(large)).status_code == 200

    assert len(large.current_version.items.all()) == 15
    assert len(large_queries) == len(small_queries), "\n".join(
        query["sql"] for query in large_queries.captured_queries
    )
    # the version (scoped by the auditor's clients in a subquery), its items, their choices
    assert len(small_queries) == 3, "\n".join(q["sql"] for q in small_queries.captured_queries)


@pytest.mark.django_db
def test_a_published_document_is_rendered_once_per_language(world):
    checklist = _checklist_with_items(world.client, 5)
    phone = api_as(world.auditor)
    with CaptureQueriesContext(connection) as cold:
        first = phone.get(current_url(checklist))
    with CaptureQueriesContext(connection) as warm:
        second = phone.get(current_url(checklist))
    with CaptureQueriesContext(connection) as other_language:
        phone.get(current_url(checklist), HTTP_ACCEPT_LANGUAGE="fi")

    assert second.content == first.content
    assert len(warm) == 1  # only the scoped lookup of the version
    assert len(other_language) == len(cold)


@pytest.mark.django_db
def test_checklist_list_query_count_does_not_grow_with_checklists(world):
    for _ in range(2):
        _checklist_with_items(world.client, 1)
    phone = api_as(world.auditor)
    with CaptureQueriesContext(connection) as few:
        phone.get("/api/v1/checklists/")
    for _ in range(4):
        _checklist_with_items(world.client, 1)

    with CaptureQueriesContext(connection) as many:
        response = phone.get("/api/v1/checklists/")

    assert len(response.json()["results"]) == 6
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
