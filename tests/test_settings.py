"""The settings package: environment-driven, production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Y-" + "".join(chr(ord("a") + i % 26) + str(i % 10) for i in range(30))


def import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = '{module}'; "
            "django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.USE_TZ)",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "audit.example.com"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS is not set"),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "audit.example.com"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "ab" * 40, "ALLOWED_HOSTS": "audit.example.com"}, "SECRET_KEY is weak"),
        (
            {"SECRET_KEY": "django-insecure-" + STRONG_KEY, "ALLOWED_HOSTS": "a.example.com"},
            "SECRET_KEY is weak",
        ),
    ],
)
def test_production_refuses_to_start_without_secret_key_or_allowed_hosts(env, message):
    result = import_settings("config.settings.production", **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_configured():
    result = import_settings(
        "config.settings.production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="audit.example.com",
        DATABASE_URL="postgres://u:p@db.example.com:5432/audit",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "True"]


def test_deploy_check_is_clean_with_the_documented_production_settings():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "audit.example.com",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_settings_default_to_a_sqlite_file():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.local'; "
            "django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
