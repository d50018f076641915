"""Redis cut, slowed and reset under phones submitting from threaded workers (the way gunicorn's
gthread workers share one process): the throttles and the cache step aside, and no visit is
answered with a 500, lost or stored twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from api import throttling
from audits.models import Submission
from audits.selectors import forget_checklist_rules
from bench.proxy import Proxy
from tests.api.test_throttling import redis_url, use_redis
from tests.audits.conftest import visit_payload
from tests.conftest import api_as
from tests.factories import AssignmentFactory

# Starting with Redis dropping packets: the first submission of the process reads the
# checklist's rules through the cache too.
PHASES = ("drop", "pass", "slow", "reset", "pass", "drop", "reset", "slow", "pass")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_redis_cut_slowed_and_reset_mid_load_fails_no_visit(world, field, settings):
    redis_url()  # Redis itself must be there, behind the proxy
    proxy = Proxy(6379, delay=0.5)
    use_redis(settings, f"redis://127.0.0.1:{proxy.port}/13")
    forget_checklist_rules()
    assignments = [
        AssignmentFactory(
            location=field.location,
            checklist_version=field.version,
            auditor=world.auditor,
            status="accepted",
        )
        for _ in range(len(PHASES) * 4)
    ]
    payloads = [visit_payload(assignment) for assignment in assignments]

    def submit(payload) -> list[int]:
        try:
            client = api_as(world.auditor)
            # Each visit is sent, then resent once (a phone that missed the answer).
            return [
                client.post("/api/v1/submissions/", payload, format="json").status_code
                for _ in range(2)
            ]
        finally:
            connections.close_all()

    codes = []
    try:
        with ThreadPoolExecutor(4) as pool:
            for phase, start in zip(PHASES, range(0, len(payloads), 4), strict=True):
                proxy.set(phase)
                codes += pool.map(submit, payloads[start : start + 4])
    finally:
        proxy.close()
        throttling._redis.cache_clear()

    assert codes == [[201, 200]] * len(payloads)
    assert Submission.objects.filter(auditor=world.auditor).count() == len(payloads)
