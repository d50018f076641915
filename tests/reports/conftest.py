from tests.audits.conftest import field, media_root  # noqa: F401 - shared fixtures
