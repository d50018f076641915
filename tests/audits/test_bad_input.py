"""What real phones and cameras send, and what attackers send, to the submission and photo
endpoints: every case is refused in the error shape (never a 5xx, never HTML) with nothing
stored, or accepted whole."""

import io
import json
import uuid
from datetime import timedelta

import numpy as np
import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from audits.models import Answer, Audit, Flag, Photo, Submission
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import exif_with, stored_files, upload
from tests.conftest import api_as

pillow_heif.register_heif_opener()

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_error_shape(response, status, code=None, attr=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["type"] in {"validation_error", "client_error"}
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) >= {"code", "detail", "attr"}
    if code is not None:
        assert code in [error["code"] for error in body["errors"]], body
    if attr is not None:
        assert attr in [error["attr"] for error in body["errors"]], body
    return body


def post_raw(user, path, body: bytes, content_type="application/json"):
    return api_as(user).generic("POST", path, body, content_type=content_type)


def nothing_stored():
    assert not Submission.objects.exists()
    assert not Audit.objects.exists()
    assert not Answer.objects.exists()


# --- submissions: hand-picked ------------------------------------------------------------------


@pytest.mark.django_db
def test_json_nested_thousands_of_levels_deep_is_a_400(world, field):
    body = b'{"answers": ' + b"[" * 5000 + b"]" * 5000 + b"}"

    response = post_raw(world.auditor, "/api/v1/submissions/", body)

    assert_error_shape(response, 400, code="parse_error")
    nothing_stored()


@pytest.mark.django_db
def test_json_nested_past_the_limit_but_parseable_is_a_400(world, field):
    payload = visit_payload(field.assignment)
    deep = "x"
    for _ in range(40):
        deep = [deep]
    payload["answers"]["note"] = {"value": deep}

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert_error_shape(response, 400, code="parse_error")
    nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["1" + "0" * 400, "1e400", "-1" + "0" * 300, "1" + "0" * 5000])
def test_a_duration_with_hundreds_of_digits_is_a_400(world, field, number):
    payload = visit_payload(field.assignment)
    body = json.dumps(payload).replace(
        '"greeting": {"value": 6.5}', f'"greeting": {{"value": {number}}}'
    )
    assert number in body

    response = post_raw(world.auditor, "/api/v1/submissions/", body.encode())

    assert response.status_code == 400, response.content
    assert_error_shape(response, 400)
    nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("where", "attr"),
    [
        (lambda p: p["answers"].__setitem__("note", {"value": "ok\x00"}), "answers.note.value"),
        (lambda p: p["answers"]["loyalty"].__setitem__("comment", "a\x00b"), None),
        (lambda p: p.__setitem__("comment", "\x00"), "comment"),
    ],
)
def test_a_nul_character_in_text_is_a_400_naming_the_field(world, field, where, attr):
    payload = visit_payload(field.assignment)
    where(payload)

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    body = assert_error_shape(response, 400)
    assert {e["code"] for e in body["errors"]} <= {"null_character", "null_characters_not_allowed"}
    if attr:
        assert [e["attr"] for e in body["errors"]] == [attr]
    nothing_stored()


@pytest.mark.django_db
def test_a_comment_cut_in_the_middle_of_an_emoji_is_kept_with_a_replacement_character(world, field):
    payload = visit_payload(field.assignment)
    payload["answers"]["note"] = {"value": "Great \\ud83d"}
    payload["comment"] = "Thanks \\ud83d"
    payload["answers"]["loyalty"]["comment"] = "Yes \\ude00 indeed"
    body = json.dumps(payload).replace("\\\\u", "\\u")  # lone surrogates, escaped as phones do

    response = post_raw(world.auditor, "/api/v1/submissions/", body.encode())

    assert response.status_code == 201, response.content
    submission = Submission.objects.get()
    assert submission.comment == "Thanks \ufffd"
    answers = {a.item.key: a for a in submission.answers.select_related("item")}
    assert answers["note"].value == "Great \ufffd"
    assert answers["loyalty"].comment == "Yes \ufffd indeed"
    # The retry (the same bytes) is recognised as the same submission.
    retry = post_raw(world.auditor, "/api/v1/submissions/", body.encode())
    assert retry.status_code == 200, retry.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        ("started_at", "9999-12-31T23:59:59-12:00"),
        ("ended_at", "9999-12-31T10:00:00Z"),
        ("started_at", "0001-01-01T00:00:00+14:00"),
        ("device_time", "0001-01-01T00:30:00+01:00"),
        ("device_time", "2150-01-01T00:00:00Z"),
    ],
)
def test_dates_out_of_any_plausible_range_are_a_400_naming_the_field(
    world, field, field_name, value
):
    payload = visit_payload(field.assignment, **{field_name: value})

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    body = assert_error_shape(response, 400, attr=field_name)
    assert body["errors"][0]["code"] in {"out_of_range", "overflow"}
    nothing_stored()


@pytest.mark.django_db
def test_a_retry_with_a_new_device_time_is_the_same_submission(world, field):
    payload = visit_payload(field.assignment)
    first = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    assert first.status_code == 201

    payload["device_time"] = (timezone.now() + timedelta(minutes=3)).isoformat()
    retry = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert retry.status_code == 200, retry.json()
    assert retry.json() == first.json()
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_a_413_in_the_error_shape(world, field, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    payload = visit_payload(field.assignment, comment="x" * 4000)
    payload["answers"]["note"] = {"value": "y" * 8000}

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert_error_shape(response, 413, code="request_too_large")
    nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"{", b"\xff\xfe", b"[]", b"null", b'"text"', b"{}"])
def test_malformed_bodies_are_a_400(world, field, body):
    response = post_raw(world.auditor, "/api/v1/submissions/", body)

    assert_error_shape(response, 400)
    nothing_stored()


@pytest.mark.django_db
def test_form_bodies_are_refused_on_json_endpoints(world, field):
    response = api_as(world.auditor).post(
        "/api/v1/submissions/", {"id": str(uuid.uuid4())}, format="multipart"
    )

    assert_error_shape(response, 415, code="unsupported_media_type")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/audits/abc/",
        "/api/v1/submissions/not-a-uuid/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/photos/123/display/",
    ],
)
def test_a_path_that_matches_no_route_is_a_json_404(world, path):
    response = api_as(world.auditor).get(path)

    assert_error_shape(response, 404, code="not_found")


# --- submissions: generated bodies ---------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
answer_entries = st.fixed_dictionaries(
    {},
    optional={"value": json_values, "na": json_values, "comment": json_values},
)
ITEM_KEYS = ["greeting", "queue", "waiting", "mood", "smile", "tags", "loyalty", "note", "x"]


@pytest.mark.django_db
@HYPOTHESIS
@given(
    answers=st.dictionaries(st.sampled_from(ITEM_KEYS), answer_entries | json_values, max_size=9),
    replacements=st.dictionaries(
        st.sampled_from(["started_at", "ended_at", "device_time", "check_in", "comment", "id"]),
        json_values,
        max_size=3,
    ),
)
def test_generated_submissions_never_fail_with_a_5xx(world, field, answers, replacements):
    payload = visit_payload(field.assignment)
    payload["answers"] = answers
    payload.update(replacements)

    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")

    assert response.status_code in (201, 400, 404, 409), response.content[:300]
    if response.status_code == 201:
        Answer.objects.all().delete()
        Submission.objects.all().delete()
        Audit.objects.all().delete()
    else:
        assert_error_shape(response, response.status_code)
        nothing_stored()


# --- photos: hand-picked ---------------------------------------------------------------------


def noisy(fmt: str, size=(640, 480), **options) -> bytes:
    pixels = np.random.default_rng(7).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def with_offset(taken: str, offset: str) -> Image.Exif:
    exif = exif_with(taken=taken)
    exif.get_ifd(0x8769)[0x9011] = offset
    return exif


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("taken", "offset"),
    [
        ("0001:01:01 00:00:00", "+14:00"),
        ("9999:12:31 23:59:59", "-12:00"),
        ("9999:12:31 23:59:59", None),
        ("2026:07:01 10:00:00", "+25:00"),
    ],
)
def test_out_of_range_exif_dates_are_kept_as_unknown_and_the_audit_stays_readable(
    world, field, submitted, taken, offset, media_root
):
    exif = with_offset(taken, offset) if offset else exif_with(taken=taken)

    response = upload(world.auditor, submitted, jpeg_bytes(exif=exif))
    retry_id = response.json().get("id")

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    if taken.startswith(("0001", "9999")):
        assert photo.captured_at is None
    audit = Audit.objects.get()
    for user in (world.auditor, world.reviewer):
        assert api_as(user).get(f"/api/v1/audits/{audit.pk}/").status_code == 200
    assert api_as(world.reviewer).post(f"/api/v1/audits/{audit.pk}/approve/").status_code == 200
    pdf = api_as(world.client_admin).get(f"/api/v1/audits/{audit.pk}/report.pdf")
    assert pdf.status_code == 200
    assert retry_id == str(photo.pk)
    assert len(stored_files(media_root)) == 2


@pytest.mark.django_db
def test_an_mpo_camera_jpeg_is_accepted_as_its_first_frame(world, field, submitted):
    first = Image.new("RGB", (320, 240), (200, 40, 40))
    second = Image.new("RGB", (320, 240), (40, 40, 200))
    buffer = io.BytesIO()
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    response = upload(world.auditor, submitted, buffer.getvalue())

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert photo.original_format == "JPEG"
    with photo.display.open("rb") as handle:
        red, _, blue = Image.open(handle).convert("RGB").getpixel((10, 10))
    assert (red > 150, blue < 100) == (True, True)  # the first frame, not the second


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["WEBP", "JPEG", "PNG", "HEIF"])
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_images_are_refused_with_nothing_stored(
    world, field, submitted, media_root, fmt, keep
):
    data = noisy(fmt)

    response = upload(world.auditor, submitted, data[: int(len(data) * keep)])

    assert_error_shape(response, 400, code="corrupt_image", attr="file")
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["HEIF", "JPEG", "WEBP"])
def test_a_truncated_image_padded_with_zeros_is_refused_not_painted_green(
    world, field, submitted, media_root, fmt
):
    data = noisy(fmt, size=(1200, 900))
    cut = int(len(data) * 0.7)
    padded = data[:cut] + b"\0" * (len(data) - cut)

    response = upload(world.auditor, submitted, padded)

    assert_error_shape(response, 400, code="corrupt_image")
    assert stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [0.6, 0.8])
def test_a_tiled_heic_cut_short_is_refused_not_painted_green(
    world, field, submitted, media_root, monkeypatch, keep
):
    # An iPhone's HEIC is a grid of 512-pixel tiles; libheif paints the tiles a cut copy lacks
    # solid green (RGB 0, 136, 0) and reports no error.
    monkeypatch.setattr(pillow_heif.options, "GRID_TILE_SIZE", 512)
    data = noisy("HEIF", size=(2000, 1500), quality=50)
    cut = data[: int(len(data) * keep)]
    heif = pillow_heif.open_heif(io.BytesIO(cut))
    assert bytes(heif[heif.primary_index].data[-3:]) == b"\x00\x88\x00"  # decodes, green

    response = upload(world.auditor, submitted, cut)

    assert_error_shape(response, 400, code="corrupt_image", attr="file")
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


# Markers that carry metadata in a JPEG: APP1..APP15 (Exif, XMP, ICC, maker notes) and COM.
METADATA_MARKERS = {*range(0xE1, 0xF0), 0xFE}


def jpeg_markers(data: bytes) -> list[int]:
    """The marker of every segment before the image data."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF, "not at a marker"
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + length
    return markers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [
        {"comment": b"Shot by J. Smith, camera serial 123"},
        {"exif": exif_with(orientation=1, taken="2026:01:01 10:00:00", gps=(60.1, 24.9)).tobytes()},
        {"icc_profile": b"\0" * 128, "comment": b"c"},
        {"dpi": (300, 300), "comment": b"x" * 200},
    ],
)
def test_no_stored_image_keeps_any_metadata_segment(world, field, submitted, options):
    data = noisy("JPEG", size=(400, 300), **options)
    assert set(jpeg_markers(data)) & METADATA_MARKERS  # the input carries some

    response = upload(world.auditor, submitted, data)

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    for stored in (photo.display, photo.thumbnail):
        with stored.open("rb") as handle:
            raw = handle.read()
        assert not set(jpeg_markers(raw)) & METADATA_MARKERS
        assert b"Smith" not in raw
        assert b"serial" not in raw


@pytest.mark.django_db
def test_too_many_multipart_fields_is_a_json_400(world, field, submitted, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"f{i}": "x" for i in range(20)}
    fields.update(
        {
            "id": str(uuid.uuid4()),
            "submission": submitted,
            "item": "entrance",
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes()),
        }
    )

    response = api_as(world.auditor).post("/api/v1/photos/", fields, format="multipart")

    assert_error_shape(response, 400, code="too_many_fields")
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_an_upload_far_over_the_photo_limit_is_a_413_before_it_is_read(
    world, field, submitted, settings, media_root
):
    settings.PHOTO_MAX_BYTES = 1000

    response = upload(world.auditor, submitted, b"\xff\xd8" + b"\0" * 200_000)

    assert_error_shape(response, 413, code="request_too_large")
    assert stored_files(media_root) == []


# --- photos: generated bytes -----------------------------------------------------------------


@pytest.mark.django_db
@HYPOTHESIS
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.builds(
            lambda cut, flip, fmt: _damaged(fmt, cut, flip),
            st.floats(0.05, 1.0),
            st.integers(0, 10_000),
            st.sampled_from(["JPEG", "PNG", "WEBP", "HEIF", "GIF", "BMP", "TIFF"]),
        ),
    )
)
def test_generated_photo_bytes_never_fail_with_a_5xx(world, field, submitted, media_root, data):
    response = upload(world.auditor, submitted, data)

    assert response.status_code in (200, 201, 400), response.content[:300]
    if response.status_code == 400:
        assert_error_shape(response, 400, attr="file")
        referenced = {
            name
            for photo in Photo.objects.all()
            for name in (photo.display.name, photo.thumbnail.name)
        }
        on_disk = {str(p.relative_to(media_root)) for p in stored_files(media_root)}
        assert on_disk == referenced
    Flag.objects.all().delete()


_SAMPLES: dict[str, bytes] = {}


def _damaged(fmt: str, keep: float, flip: int) -> bytes:
    if fmt not in _SAMPLES:
        _SAMPLES[fmt] = noisy(fmt, size=(96, 64))
    data = bytearray(_SAMPLES[fmt][: max(1, int(len(_SAMPLES[fmt]) * keep))])
    if flip and len(data) > 1:
        data[flip % len(data)] ^= 0xFF
    return bytes(data)
