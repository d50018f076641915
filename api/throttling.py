"""Throttles that hold across every server process.

A request is counted in a fixed time window under a key (the scope and a client address, a user
or a username). The counter is shared by all processes: Redis when ``REDIS_URL`` is set (one
``INCR``), the database otherwise (one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``). Both are
atomic, so three workers let exactly the limit through, not three times it. Never a per-process
cache.

The client address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of
ours stand in front (DRF's ``NUM_PROXIES``): a forwarding header is then read only as far as
those proxies wrote it, so a forged ``X-Forwarded-For`` changes nothing.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from api.models import ThrottleCounter

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
# Expired windows are deleted now and then, by a request that happens to draw this chance.
PURGE_CHANCE = 0.01


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"10/min"``, ``"120/hour"``, ``"5/15m"`` (five per fifteen minutes)."""
        count, _, period = text.partition("/")
        digits = "".join(ch for ch in period if ch.isdigit())
        unit = period[len(digits) :]
        return cls(int(count), int(digits or 1) * PERIODS[unit])


@cache
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url)


def _window(seconds: int, now: float | None = None) -> tuple[int, int]:
    now = time.time() if now is None else now
    start = int(now // seconds * seconds)
    return start, start + seconds


def hit(key: str, seconds: int) -> tuple[int, int]:
    """Count one request under ``key`` in the current window of ``seconds``; the count so far
    (this one included) and the Unix time the window ends."""
    start, end = _window(seconds)
    if settings.REDIS_URL:
        name = f"throttle:{key}:{start}"
        pipe = _redis(settings.REDIS_URL).pipeline()
        pipe.incr(name)
        pipe.expireat(name, end + 1)
        count, _ = pipe.execute()
        return int(count), end
    table = ThrottleCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, window_end, count) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [key, start, end],
        )
        (count,) = cursor.fetchone()
    if random.random() < PURGE_CHANCE:
        ThrottleCounter.objects.filter(window_end__lt=int(time.time())).delete()
    return int(count), end


def peek(key: str, seconds: int) -> tuple[int, int]:
    """The count in the current window without counting."""
    start, end = _window(seconds)
    if settings.REDIS_URL:
        value = _redis(settings.REDIS_URL).get(f"throttle:{key}:{start}")
        return int(value or 0), end
    row = ThrottleCounter.objects.filter(key=key, window_start=start).values("count").first()
    return (row["count"] if row else 0), end


def rate_for(scope: str) -> Rate:
    return Rate.parse(api_settings.DEFAULT_THROTTLE_RATES[scope])


class SharedThrottle(BaseThrottle):
    """A fixed-window throttle over the shared counter; subclasses say what is counted."""

    scope = ""

    def key(self, request, view) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        key = self.key(request, view)
        if key is None:
            return True
        rate = rate_for(self.scope)
        count, self.window_end = hit(f"{self.scope}:{key}", rate.seconds)
        return count <= rate.limit

    def wait(self) -> float:
        return max(1.0, self.window_end - time.time())


class AddressThrottle(SharedThrottle):
    """Per client address (sign-in, before anyone is known)."""

    def key(self, request, view) -> str | None:
        return self.get_ident(request)


class LoginThrottle(AddressThrottle):
    scope = "login"


class UserThrottle(SharedThrottle):
    """Per signed-in user."""

    def key(self, request, view) -> str | None:
        return str(request.user.pk) if request.user.is_authenticated else None


class SubmissionThrottle(UserThrottle):
    scope = "submissions"


class PhotoThrottle(UserThrottle):
    scope = "photos"


# --- lockout after failed sign-ins -------------------------------------------------------------


def _username_key(username: str) -> str:
    return f"login_failures:{username.strip().casefold()[:150]}"


def login_locked_for(username: str) -> float | None:
    """Seconds until ``username`` may try again, or None when it is not locked out."""
    rate = rate_for("login_failures")
    count, end = peek(_username_key(username), rate.seconds)
    if count >= rate.limit:
        return max(1.0, end - time.time())
    return None


def login_failed(username: str) -> None:
    hit(_username_key(username), rate_for("login_failures").seconds)
