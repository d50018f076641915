"""The field fixture (a checklist, a location, assignments) for the API-wide tests."""

from tests.audits.conftest import field, submitted  # noqa: F401 - fixtures, used by name
