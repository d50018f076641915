"""The Celery app, used only when CELERY_BROKER_URL is set (without it, ``manage.py worker``
polls the background work's rows instead; see ``work.worker``).

Start a worker with ``celery -A config.celery worker``; like WSGI, it defaults to the production
settings.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("codex_audit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["reports", "notifications", "work"])


@worker_init.connect
def _become_worker(**kwargs) -> None:
    from work.worker import become_worker

    become_worker()
