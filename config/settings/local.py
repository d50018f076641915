"""The embedded default: SQLite file, local media, debug on, a throwaway secret."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
# Not a secret: local development only; production refuses to start without its own.
SECRET_KEY = SECRET_KEY or "local-development-only-not-a-secret"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
