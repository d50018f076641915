"""The Celery app, used only when CELERY_BROKER_URL is set (without it, jobs run in-process).

Start a worker with ``celery -A config.celery worker``; like WSGI, it defaults to the production
settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("codex_audit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["reports", "notifications", "work"])
