"""Bulk import of locations and auditors from CSV and XLSX, as the agency admin does it: a dry
run names every bad row and changes nothing; the import writes all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import AuditorProfile, User
from organizations.models import Location, Region
from tests.conftest import api_as

LOCATIONS_CSV = """name,region,address,latitude,longitude,time_zone
Kamppi,Helsinki,Urho Kekkosen katu 1,60.1690,24.9320,Europe/Helsinki
Hervanta,Tampere,,61.4500,23.8500,Europe/Helsinki
Phone line,Central,,,,Europe/Helsinki
"""


def upload(user, kind, content, *, client, name="rows.csv", dry_run=True):
    data = content.encode() if isinstance(content, str) else content
    return api_as(user).post(
        f"/api/v1/imports/{kind}/",
        {
            "client": client.pk,
            "file": SimpleUploadedFile(name, data),
            "dry_run": "true" if dry_run else "false",
        },
        format="multipart",
    )


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_dry_run_counts_the_rows_and_changes_nothing_then_the_import_writes_them(world):
    dry = upload(world.agency_admin, "locations", LOCATIONS_CSV, client=world.client)

    assert dry.status_code == 200, dry.json()
    assert dry.json() == {
        "kind": "locations",
        "dry_run": True,
        "rows": 3,
        "create": 3,
        "update": 0,
        "errors": [],
    }
    assert not Location.objects.exists()

    done = upload(
        world.agency_admin, "locations", LOCATIONS_CSV, client=world.client, dry_run=False
    )

    assert done.status_code == 200
    assert done.json()["dry_run"] is False
    kamppi = Location.objects.get(name="Kamppi")
    assert (kamppi.client, kamppi.region.name, str(kamppi.latitude)) == (
        world.client,
        "Helsinki",
        "60.169000",
    )
    assert set(Region.objects.filter(client=world.client).values_list("name", flat=True)) >= {
        "Helsinki",
        "Tampere",
        "Central",
    }
    # Again: the same names are updates.
    again = upload(world.agency_admin, "locations", LOCATIONS_CSV, client=world.client)
    assert (again.json()["create"], again.json()["update"]) == (0, 3)


@pytest.mark.django_db
def test_every_bad_row_is_named_and_nothing_is_written_until_all_are_good(world):
    bad = (
        "name,region,latitude,longitude,time_zone\n"
        "Kamppi,Helsinki,60.17,24.93,Europe/Helsinki\n"
        ",Helsinki,60.17,24.93,Europe/Helsinki\n"  # row 3: no name
        "Hervanta,Tampere,91,23.85,Europe/Helsinki\n"  # row 4: latitude out of range
        "Itis,Helsinki,60.2,,Europe/Helsinki\n"  # row 5: latitude without longitude
        "Kamppi,Helsinki,60.17,24.93,Mars/Olympus\n"  # row 6: a time zone, and a repeat
    )

    dry = upload(world.agency_admin, "locations", bad, client=world.client)
    done = upload(world.agency_admin, "locations", bad, client=world.client, dry_run=False)

    assert dry.status_code == 200
    attrs = [e["attr"] for e in dry.json()["errors"]]
    assert attrs == ["rows.3.name", "rows.4.latitude", "rows.5.longitude", "rows.6.time_zone"]
    assert done.status_code == 400
    assert [e["attr"] for e in done.json()["errors"]] == attrs
    assert not Location.objects.exists()
    assert not Region.objects.filter(name="Tampere").exists()


@pytest.mark.django_db
def test_auditors_come_from_an_xlsx_sheet_with_their_profiles(world):
    sheet = xlsx(
        [
            ["username", "email", "languages", "personas", "home_latitude", "home_longitude"],
            [
                "shopper-new",
                "new@example.com",
                "fi, en",
                "young_novice expert_engineer",
                60.2,
                24.9,
            ],
            ["shopper-ann", "ann@example.com", "fi", "novice_pensioner", None, None],
        ]
    )

    dry = upload(world.agency_admin, "auditors", sheet, client=world.client, name="team.xlsx")
    assert dry.json()["errors"] == []
    assert (dry.json()["create"], dry.json()["update"]) == (1, 1)
    done = upload(
        world.agency_admin, "auditors", sheet, client=world.client, name="team.xlsx", dry_run=False
    )

    assert done.status_code == 200, done.json()
    new = User.objects.get(username="shopper-new")
    assert (new.role, new.has_usable_password()) == ("auditor", False)
    assert list(new.works_for.all()) == [world.client]
    assert new.auditor_profile.languages == ["fi", "en"]
    assert new.auditor_profile.personas == ["young_novice", "expert_engineer"]
    ann = AuditorProfile.objects.get(user=world.auditor)
    assert ann.personas == ["novice_pensioner"]


@pytest.mark.django_db
def test_a_username_of_another_role_is_a_bad_row(world):
    rows = "username,languages\nrev,fi\nshopper-new,fi\n"

    response = upload(world.agency_admin, "auditors", rows, client=world.client, dry_run=False)

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "rows.2.username"
    assert response.json()["errors"][0]["code"] == "not_an_auditor"
    assert not User.objects.filter(username="shopper-new").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\xff\xfe\x00bad", "rows.csv", "not_utf8"),
        (b"PK\x03\x04 not a workbook", "rows.xlsx", "unreadable"),
        (b"name,region\n", "rows.csv", "empty"),
    ],
)
def test_an_unreadable_file_is_named(world, content, name, code):
    response = upload(world.agency_admin, "locations", content, client=world.client, name=name)

    errors = response.json()["errors"]
    assert response.status_code in (200, 400)
    assert (errors[0]["attr"], errors[0]["code"]) == ("file", code)
    assert not Location.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["reviewer", "auditor", "regional_manager", "client_admin", "other_client_admin"]
)
def test_only_an_agency_admin_imports(world, role):
    response = upload(
        getattr(world, role), "locations", LOCATIONS_CSV, client=world.client, dry_run=False
    )

    assert response.status_code == 403
    assert not Location.objects.exists()


@pytest.mark.django_db
def test_an_unknown_client_or_kind_is_not_found(world):
    from organizations.models import Client

    assert (
        upload(world.agency_admin, "locations", LOCATIONS_CSV, client=Client(pk=10**9)).status_code
        == 404
    )
    assert upload(world.agency_admin, "pets", LOCATIONS_CSV, client=world.client).status_code == 404
