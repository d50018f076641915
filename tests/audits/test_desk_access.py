"""Who may use the agency's desk, endpoint by endpoint and role by role, against an audit of
the own client (approved, in the regional manager's region, with an open appeal): the agency
may, the client's people read appeals of what they see, and anyone else is refused: 403 where
they may see the object but not do this, 404 where they may not see it (as if it did not
exist). A refused write changes nothing."""

import pytest

from audits.models import Appeal, Submission
from tests.audits.test_appeals import appeal, disputed  # noqa: F401 - a shared fixture
from tests.conftest import api_as

ROLES = [
    "agency_admin",
    "reviewer",
    "auditor",
    "other_auditor",
    "regional_manager",
    "client_admin",
    "other_client_admin",
]

# role: status, in the order of ROLES
EXPECTED = {
    "queue": (200, 200, 403, 403, 403, 403, 403),
    "amend": (200, 200, 403, 404, 403, 403, 404),
    "diff": (200, 200, 403, 404, 403, 403, 404),
    "audit_appeals": (200, 200, 403, 403, 200, 200, 404),
    "appeal": (200, 200, 403, 403, 200, 200, 404),
    "decide": (200, 200, 403, 403, 403, 403, 404),
    "report": (200, 200, 403, 403, 403, 403, 403),
    "auditors": (200, 200, 403, 403, 403, 403, 403),
}


def call(name, user, audit, appeal_id, item):
    client = api_as(user)
    if name == "queue":
        return client.get("/api/v1/review/queue/")
    if name == "amend":
        return client.post(
            f"/api/v1/audits/{audit.pk}/amend/",
            {"answers": {item.key: {"value": False}}, "reason": "Seen on the recording."},
            format="json",
        )
    if name == "diff":
        return client.get(f"/api/v1/audits/{audit.pk}/diff/?base=1&head=1")
    if name == "audit_appeals":
        return client.get(f"/api/v1/audits/{audit.pk}/appeals/")
    if name == "appeal":
        return client.get(f"/api/v1/appeals/{appeal_id}/")
    if name == "decide":
        return client.post(
            f"/api/v1/appeals/{appeal_id}/decide/",
            {"outcome": "dismissed", "note": "It stands."},
            format="json",
        )
    if name == "report":
        return client.get("/api/v1/appeals/report/?by=location")
    return client.get("/api/v1/auditors/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(EXPECTED))
def test_who_may_use_the_desk(world, disputed, name):  # noqa: F811
    audit, _, item = disputed
    appeal_id = appeal(world.client_admin, audit, item.key).json()["id"]
    # The refusals first (each must change nothing), then the agency, whose writes succeed.
    order = sorted(ROLES, key=lambda role: EXPECTED[name][ROLES.index(role)] == 200)
    for role in order:
        expected = EXPECTED[name][ROLES.index(role)]
        if name in ("amend", "decide") and expected == 200 and role != order[-1]:
            continue  # one successful write; the second agency role would find it done
        response = call(name, getattr(world, role), audit, appeal_id, item)

        assert response.status_code == expected, (role, response.content[:300])
        if expected != 200:
            assert Submission.objects.filter(audit=audit).count() == 1
            assert Appeal.objects.get(pk=appeal_id).status == "open"
