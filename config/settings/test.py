"""Settings for the test suite: SQLite unless DATABASE_URL points elsewhere, fast hashing."""

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-a-secret"
ALLOWED_HOSTS = ["testserver", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Generous limits: the throttle tests set their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "login": "1000/min",
        "login_failures": "1000/15min",
        "login_ceiling": "10000/hour",
        "submissions": "10000/hour",
        "photos": "10000/hour",
    },
}
