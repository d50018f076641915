"""Benchmark settings: the test settings plus a URL conf that adds the floor views. The database
is a throwaway SQLite file unless DATABASE_URL points elsewhere."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import BASE_DIR

if "DATABASE_URL" not in os.environ:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "bench" / "bench.sqlite3",
        }
    }
ROOT_URLCONF = "bench.urls"
DEBUG = False
