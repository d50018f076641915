"""Role fixtures: one person per role, for a client ("own") and another client ("other")."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from accounts.constants import Role
from accounts.models import User
from audits.selectors import forget_checklist_rules
from checklists.defaults import default_codex_install
from organizations.models import Client, Region
from tests.factories import ClientFactory, RegionFactory, UserFactory


@dataclass
class World:
    client: Client
    other_client: Client
    region: Region
    other_region: Region
    auditor: User
    other_auditor: User
    reviewer: User
    agency_admin: User
    regional_manager: User
    client_admin: User
    other_client_admin: User


@pytest.fixture
def world(db) -> World:
    client = ClientFactory(name="Acme Retail", slug="acme")
    other_client = ClientFactory(name="Other Corp", slug="other")
    region = RegionFactory(client=client, name="North")
    other_region = RegionFactory(client=client, name="South")
    return World(
        client=client,
        other_client=other_client,
        region=region,
        other_region=other_region,
        auditor=UserFactory(username="shopper-ann", role=Role.AUDITOR, works_for=[client]),
        other_auditor=UserFactory(
            username="shopper-bob", role=Role.AUDITOR, works_for=[other_client]
        ),
        reviewer=UserFactory(username="rev", role=Role.REVIEWER),
        agency_admin=UserFactory(
            username="agency", role=Role.AGENCY_ADMIN, is_staff=True, is_superuser=True
        ),
        regional_manager=UserFactory(
            username="rm", role=Role.REGIONAL_MANAGER, client=client, regions=[region]
        ),
        client_admin=UserFactory(username="ca", role=Role.CLIENT_ADMIN, client=client),
        other_client_admin=UserFactory(username="ca2", role=Role.CLIENT_ADMIN, client=other_client),
    )


@pytest.fixture(autouse=True)
def _default_language():
    """A request's Accept-Language stays active in the test's thread after the response (the
    locale middleware activates it and nothing deactivates it); each test starts in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rendered checklist documents and checklist rules are cached; no test may see
    another's."""
    cache.clear()
    forget_checklist_rules()
    yield
    cache.clear()
    forget_checklist_rules()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Photos and report files go to a fresh folder per test, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def api_as(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def default_codex(world):
    """The default codex installed for the own client and for the other client."""
    return (
        default_codex_install(client=world.client),
        default_codex_install(client=world.other_client),
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need row locks and real concurrency; skip them on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def run_background_work() -> int:
    """What ``manage.py worker`` does, until nothing is due: report jobs, webhook deliveries,
    e-mails. A request only writes them; tests run them here, as a worker beside it would."""
    from work.worker import drain

    return drain()
