"""The field fixture (a checklist, a location, assignments) for the API-wide tests."""

from tests.audits.conftest import field  # noqa: F401 - a fixture, used by name
