"""Photo evidence: real image files made here, checked, stripped, oriented, idempotent."""

import io
import uuid
import zoneinfo
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audits.models import Audit, Flag, Photo
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.conftest import api_as

pillow_heif.register_heif_opener()


def exif_with(orientation=None, taken=None, gps=None) -> Image.Exif:
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if gps:
        lat, lon = gps
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2] = "N", (float(lat), 0.0, 0.0)
        ifd[3], ifd[4] = "E", (float(lon), 0.0, 0.0)
    return exif


def local_time_during_visit(location) -> str:
    moment = (timezone.now() - timedelta(minutes=10)).astimezone(
        zoneinfo.ZoneInfo(location.time_zone)
    )
    return moment.strftime("%Y:%m:%d %H:%M:%S")


def image_bytes(fmt: str, size=(80, 60), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else 0).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(user, submission_id, data, name="photo.jpg", item="entrance", photo_id=None):
    return api_as(user).post(
        "/api/v1/photos/",
        {
            "id": str(photo_id or uuid.uuid4()),
            "submission": submission_id,
            "item": item,
            "file": SimpleUploadedFile(name, data),
        },
        format="multipart",
    )


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


@pytest.mark.django_db
def test_jpeg_with_gps_and_orientation_6_is_rotated_and_stripped(
    world, field, submitted, media_root
):
    taken = local_time_during_visit(field.location)
    data = jpeg_bytes(
        size=(400, 200), exif=exif_with(orientation=6, taken=taken, gps=(60.5, 24.25))
    )
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input carries GPS

    response = upload(world.auditor, submitted, data)

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (200, 400)  # orientation 6: rotated a quarter turn
    assert photo.latitude == Decimal("60.500000")
    assert photo.longitude == Decimal("24.250000")
    assert photo.captured_at is not None
    for stored in (photo.display, photo.thumbnail):
        with stored.open("rb") as handle:
            raw = handle.read()
        image = Image.open(io.BytesIO(raw))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert b"Exif" not in raw
    assert Image.open(photo.display.path).size == (200, 400)
    assert max(Image.open(photo.thumbnail.path).size) <= 320
    assert not Flag.objects.filter(photo=photo).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "mode"), [("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB"), ("HEIF", "RGB")]
)
def test_png_webp_and_heic_are_accepted(world, field, submitted, fmt, mode):
    response = upload(world.auditor, submitted, image_bytes(fmt, mode=mode), name=f"x.{fmt}")

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert photo.original_format == fmt
    assert Image.open(photo.display.path).format == "JPEG"


@pytest.mark.django_db
def test_heic_with_exif_gps_is_stripped(world, field, submitted):
    image = Image.new("RGB", (64, 64), (1, 2, 3))
    buffer = io.BytesIO()
    image.save(buffer, format="HEIF", exif=exif_with(gps=(47.5, 19.0)).tobytes())

    response = upload(world.auditor, submitted, buffer.getvalue(), name="IMG_0001.HEIC")

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert photo.latitude == Decimal("47.500000")
    with photo.display.open("rb") as handle:
        assert b"Exif" not in handle.read()


def truncated_jpeg() -> bytes:
    data = jpeg_bytes(size=(640, 480))
    return data[: len(data) // 2]


def decompression_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")  # 144 Mpx in a few kB
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (lambda: b"just some text, not an image\n" * 10, "notes.jpg", "unsupported_format"),
        (truncated_jpeg, "cut.jpg", "corrupt_image"),
        (decompression_bomb, "bomb.png", "too_many_pixels"),
        (lambda: image_bytes("GIF"), "anim.gif", "unsupported_format"),
        (lambda: b"", "empty.jpg", "empty"),
    ],
)
def test_bad_files_get_400_saying_why_and_leave_nothing_behind(
    world, field, submitted, media_root, make, name, code
):
    response = upload(world.auditor, submitted, make(), name=name)

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["code"], error["attr"]) == (code, "file")
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_files_over_the_byte_limit_are_refused(world, field, submitted, settings, media_root):
    settings.PHOTO_MAX_BYTES = 1000

    response = upload(world.auditor, submitted, jpeg_bytes(size=(400, 400)))

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "file_too_large"
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_photo_retry_is_idempotent_and_a_reused_id_conflicts(world, field, submitted, media_root):
    photo_id = uuid.uuid4()
    data = jpeg_bytes()
    first = upload(world.auditor, submitted, data, photo_id=photo_id)

    again = upload(world.auditor, submitted, data, photo_id=photo_id)
    other = upload(world.auditor, submitted, jpeg_bytes(pattern=1), photo_id=photo_id)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert other.status_code == 409
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert Photo.objects.count() == 1
    assert len(stored_files(media_root)) == 2  # display and thumbnail, once


@pytest.mark.django_db
def test_the_last_required_photo_completes_the_submission(world, field, submitted):
    audit = Audit.objects.get()
    assert audit.status == "awaiting_photos"

    upload(world.auditor, submitted, jpeg_bytes())
    status = api_as(world.auditor).get(f"/api/v1/submissions/{submitted}/").json()

    audit.refresh_from_db()
    assert audit.status == "submitted"
    assert audit.submitted_at is not None
    assert status["missing_photos"] == []
    assert status["audit_status"] == "submitted"
    assert len(status["photos"]) == 1


@pytest.mark.django_db
def test_photo_for_an_unknown_item_or_someone_elses_submission(world, field, submitted):
    unknown = upload(world.auditor, submitted, jpeg_bytes(), item="ceiling")
    foreign = upload(world.other_auditor, submitted, jpeg_bytes())
    reviewer = upload(world.reviewer, submitted, jpeg_bytes())

    assert (unknown.status_code, unknown.json()["errors"][0]["attr"]) == (400, "item")
    assert foreign.status_code == 404
    assert reviewer.status_code == 403
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_a_photo_reused_in_another_audit_is_flagged(world, field, submitted):
    data = jpeg_bytes(size=(128, 128), pattern=2)
    upload(world.auditor, submitted, data)
    second = AssignmentFactory_for(field, world)
    payload = visit_payload(second)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    response = upload(world.auditor, payload["id"], data)

    assert response.status_code == 201
    assert list(
        Flag.objects.filter(photo_id=response.json()["id"]).values_list("code", flat=True)
    ) == ["photo_reused"]


def AssignmentFactory_for(field, world):
    from tests.factories import AssignmentFactory

    return AssignmentFactory(
        location=field.location, checklist_version=field.version, auditor=world.auditor
    )


@pytest.mark.django_db
def test_a_photo_taken_outside_the_visit_is_flagged(world, field, submitted):
    data = jpeg_bytes(exif=exif_with(taken="2020:01:01 12:00:00"))

    response = upload(world.auditor, submitted, data)

    assert response.status_code == 201
    flag = Flag.objects.get(photo_id=response.json()["id"])
    assert flag.code == "photo_outside_visit"
    assert flag.data["captured_at"] == "2020-01-01T12:00:00+02:00"
