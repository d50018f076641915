"""Photos and reports on S3-compatible object storage, against a real S3 API (moto's server,
started here on the loopback address): nothing reads a local file path, nothing lands on the
local disk, and the files and rows stay one unit there too."""

import io
import socket
import uuid
import zipfile

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pypdf import PdfReader

from audits.models import Photo
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photo_files import killed_upload, orphans
from tests.audits.test_photos import stored_files, upload
from tests.conftest import api_as, run_background_work
from tests.reports.test_reports import approved

BUCKET = "codex-audit-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-north-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-north-1")
    name = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_server,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }

    def objects() -> set[str]:
        listing = client.list_objects_v2(Bucket=name)
        return {item["Key"] for item in listing.get("Contents", [])}

    return objects


@pytest.fixture
def submitted(world, field, bucket):
    payload = visit_payload(field.assignment)
    assert (
        api_as(world.auditor).post("/api/v1/submissions/", payload, format="json").status_code
        == 201
    )
    return payload["id"]


@pytest.mark.django_db
def test_photos_are_stored_and_served_from_object_storage(
    world, field, submitted, bucket, media_root
):
    response = upload(world.auditor, submitted, jpeg_bytes(size=(400, 300)))

    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert bucket() == {photo.display.name, photo.thumbnail.name}
    assert stored_files(media_root) == []
    served = api_as(world.reviewer).get(f"/api/v1/photos/{photo.pk}/display/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.django_db
def test_a_refused_photo_leaves_nothing_in_the_bucket(world, field, submitted, bucket):
    data = jpeg_bytes(size=(400, 300))

    response = upload(world.auditor, submitted, data[: len(data) // 2])

    assert response.status_code == 400
    assert bucket() == set()


@pytest.mark.django_db
def test_a_retry_after_a_kill_overwrites_the_objects_and_orphans_are_found(
    world, field, submitted, bucket, monkeypatch
):
    photo_id = uuid.uuid4()
    data = jpeg_bytes(size=(300, 200))

    killed_upload(world.auditor, submitted, data, photo_id, monkeypatch)

    left = bucket()
    assert len(left) == 2
    assert set(orphans()) == left

    assert upload(world.auditor, submitted, data, photo_id=photo_id).status_code == 201

    assert bucket() == left
    assert orphans() == []


@pytest.mark.django_db
def test_audit_pdfs_and_report_jobs_work_on_object_storage(world, field, bucket, media_root):
    first = approved(world, field.location, field.version)
    approved(world, field.location, field.version)

    pdf = api_as(world.client_admin).get(f"/api/v1/audits/{first.pk}/report.pdf")

    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.content))
    assert any(page.images for page in reader.pages)  # the photo thumbnail, read from S3

    period = first.current_submission.started_at.strftime("%Y-%m")
    job = api_as(world.client_admin).post(
        "/api/v1/jobs/",
        {"kind": "region_pdfs", "region": world.region.pk, "period": period},
        format="json",
    )
    assert job.status_code in (201, 202), job.json()
    run_background_work()
    polled = api_as(world.client_admin).get(f"/api/v1/jobs/{job.json()['id']}/").json()
    assert polled["status"] == "succeeded", polled
    download = api_as(world.client_admin).get(polled["download"])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) >= 2
    assert any(name.startswith("reports/") for name in bucket())
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_health_checks_object_storage(world, bucket):
    response = api_as(None).get("/api/v1/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"
    assert not any(name.startswith("health/") for name in bucket())
