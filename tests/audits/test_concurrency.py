"""Concurrent duplicates (a phone retrying before the first reply arrives) against a real
PostgreSQL: the database, not a check before the insert, keeps one record."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from audits.models import Answer, Audit, Photo, Submission
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import stored_files, upload
from tests.conftest import api_as

THREADS = 20


def fire(times: int, request):
    def one(_):
        try:
            return request()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(one, range(times)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_submissions_make_one_audit(world, field):
    payload = visit_payload(field.assignment)

    responses = fire(
        THREADS,
        lambda: api_as(world.auditor).post("/api/v1/submissions/", payload, format="json"),
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert len({response.content for response in responses}) == 1
    assert Audit.objects.count() == 1
    assert Submission.objects.count() == 1
    assert Answer.objects.count() == len(payload["answers"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_photo_uploads_make_one_photo(world, field, media_root):
    payload = visit_payload(field.assignment)
    api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    photo_id, data = uuid.uuid4(), jpeg_bytes(size=(640, 480))

    responses = fire(THREADS, lambda: upload(world.auditor, payload["id"], data, photo_id=photo_id))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert Photo.objects.count() == 1
    assert len(stored_files(media_root)) == 2  # the losers removed the files they wrote
    assert Audit.objects.get().status == "submitted"
