"""Whether this process can serve: the database, the cache and file storage each answer. For a
load balancer or an orchestrator's probe; says which part fails, never why (no detail leaks)."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)

HEALTH_FOLDER = "health"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _storage() -> None:
    name = default_storage.save(f"{HEALTH_FOLDER}/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage returned other bytes")
    finally:
        default_storage.delete(name)


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


def health() -> dict[str, str]:
    """``{part: "ok" | "failing"}`` for every part."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means the part is down; logged in one line
            logger.warning("health check %s failed: %s", name, type(error).__name__)
            logger.debug("health check %s failed", name, exc_info=True)
            results[name] = "failing"
        else:
            results[name] = "ok"
    return results
