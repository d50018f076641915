"""Throttles that hold across every server process, stop attackers rather than owners, and never
fail a visit.

**Sliding windows.** A request is counted under a key (the scope and a client address, a user
or a username) in a window of the rate's length; the limit applies to the count of the last full
period, estimated as the current window's count plus the previous window's, weighted by how much
of it still lies inside the period (the sliding-window counter). A burst across a window's
boundary therefore gets the limit, not twice it. A refused request is not counted, so waiting
the ``Retry-After`` always helps.

**One counter for every process.** Redis when ``REDIS_URL`` is set (one pipelined ``INCRBY``
and ``GET``), the database otherwise (one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` and one
read of the previous window). Both are atomic, so three workers let exactly the limit through.

**When Redis fails** (down, slow past its timeout, a reset connection) the submission and photo
limits let the request through (fail open: a visit is worth more than a limit), and sign-in's
counters fall back to the database, so an attacker gains nothing from an outage. Either way the
failure is logged once a minute per process, with how many requests it touched.

**Sign-in** is limited per address (``login``), and failed sign-ins are counted per username
*and* address (``login_failures``): someone guessing from elsewhere never locks the owner out
where they are. Failures per username from every address together have a much higher ceiling
(``login_ceiling``); past it, only addresses the user has signed in from before (in the last 30
days) may still try, so a spread-out guessing attack stops while the owner at home or at work
signs in as usual.

The client address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of
ours stand in front (DRF's ``NUM_PROXIES``): a forwarding header is then read only as far as
those proxies wrote it, so a forged ``X-Forwarded-For`` changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import math
import random
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import F
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from api.models import ThrottleCounter

logger = logging.getLogger(__name__)

PERIODS = {
    "s": 1,
    "sec": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
# Expired windows are deleted now and then, by a request that happens to draw this chance.
PURGE_CHANCE = 0.01
# An address the user signed in from within this long may still try past the ceiling.
KNOWN_ADDRESS_SECONDS = 30 * 86400


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"10/min"``, ``"120/hour"``, ``"5/15min"`` (five per fifteen minutes)."""
        count, _, period = text.partition("/")
        digits = "".join(ch for ch in period if ch.isdigit())
        unit = period[len(digits) :]
        return cls(int(count), int(digits or 1) * PERIODS[unit])


def rate_for(scope: str) -> Rate:
    return Rate.parse(api_settings.DEFAULT_THROTTLE_RATES[scope])


# --- where the counters live -------------------------------------------------------------------


class Unavailable(Exception):
    """The shared counter could not be reached."""


class _Failures:
    """Counts requests a failing Redis touched, and logs them at most once a minute."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.logged_at = 0.0

    def record(self, error: Exception, what: str) -> None:
        with self.lock:
            self.count += 1
            now = time.monotonic()
            if now - self.logged_at < 60:
                return
            count, self.count, self.logged_at = self.count, 0, now
        logger.warning(
            "Redis is failing (%s: %s); %d request(s) %s in the last minute",
            type(error).__name__,
            error,
            count,
            what,
        )


failures = _Failures()


@cache
def _redis(url: str):
    """One client per process and URL. Its pool hands each thread a connection of its own (a
    pipeline takes one for its whole round trip), makes new ones after a fork, and gives up on a
    slow or unreachable server after ``REDIS_TIMEOUT`` rather than holding the request."""
    import redis

    return redis.Redis.from_url(
        url,
        socket_timeout=settings.REDIS_TIMEOUT,
        socket_connect_timeout=settings.REDIS_TIMEOUT,
        health_check_interval=30,
    )


def _window(seconds: int, now: float) -> int:
    return int(now // seconds * seconds)


def _redis_count(key: str, seconds: int, start: int, delta: int) -> tuple[int, int]:
    import redis

    current, previous = f"throttle:{key}:{start}", f"throttle:{key}:{start - seconds}"
    try:
        pipe = _redis(settings.REDIS_URL).pipeline(transaction=False)
        if delta:
            pipe.incrby(current, delta)
            # Kept through the next window too, where it is the previous one.
            pipe.expireat(current, start + 2 * seconds + 1)
        else:
            pipe.get(current)
        pipe.get(previous)
        results = pipe.execute()
    except (redis.RedisError, OSError) as error:
        raise Unavailable from error
    return int(results[0] or 0), int(results[-1] or 0)


def _database_count(key: str, seconds: int, start: int, delta: int) -> tuple[int, int]:
    table = ThrottleCounter._meta.db_table
    with connection.cursor() as cursor:
        if delta:
            cursor.execute(
                f"INSERT INTO {table} (key, window_start, window_end, count) "
                "VALUES (%s, %s, %s, %s) "
                f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + %s "
                "RETURNING count",
                [key, start, start + seconds, max(delta, 0), delta],
            )
            (current,) = cursor.fetchone()
            cursor.execute(
                f"SELECT count FROM {table} WHERE key = %s AND window_start = %s",
                [key, start - seconds],
            )
            row = cursor.fetchone()
            previous = row[0] if row else 0
        else:
            cursor.execute(
                f"SELECT window_start, count FROM {table} "
                "WHERE key = %s AND window_start IN (%s, %s)",
                [key, start, start - seconds],
            )
            counts = dict(cursor.fetchall())
            current, previous = counts.get(start, 0), counts.get(start - seconds, 0)
    if delta > 0 and random.random() < PURGE_CHANCE:
        # A window is needed until the one after it has ended too.
        ThrottleCounter.objects.filter(
            window_end__lt=int(_now()) - (F("window_end") - F("window_start"))
        ).delete()
    return max(int(current), 0), int(previous)


@dataclass(frozen=True)
class Usage:
    """A key's counts in its current and previous windows, and where in the window we are."""

    current: int
    previous: int
    start: int
    seconds: int
    now: float

    @property
    def estimate(self) -> float:
        """Requests in the last full period (the previous window weighted by its overlap)."""
        overlap = 1 - (self.now - self.start) / self.seconds
        return self.previous * overlap + self.current

    def retry_after(self, limit: int) -> float:
        """Seconds until one more request fits under ``limit`` (at least one)."""
        elapsed, period = self.now - self.start, self.seconds
        room = limit - self.current - 1
        if room >= 0 and self.previous > 0:
            wait = period * (1 - room / self.previous) - elapsed
            if wait < period - elapsed:
                return max(1.0, math.ceil(wait))
        next_window = period * max(0.0, 1 - (limit - 1) / self.current) if self.current else 0
        return max(1.0, math.ceil(period - elapsed + next_window))


def count(key: str, seconds: int, delta: int = 1, *, fallback: bool = False) -> Usage:
    """Add ``delta`` to ``key``'s current window (0: only read) and return its usage. With
    Redis failing: ``Unavailable``, or the database's counter when ``fallback``."""
    now = _now()
    start = _window(seconds, now)
    if settings.REDIS_URL:
        try:
            current, previous = _redis_count(key, seconds, start, delta)
            return Usage(current, previous, start, seconds, now)
        except Unavailable as error:
            what = "counted in the database" if fallback else "let through uncounted"
            failures.record(error.__cause__ or error, what)
            if not fallback:
                raise
    current, previous = _database_count(key, seconds, start, delta)
    return Usage(current, previous, start, seconds, now)


def hit(key: str, seconds: int) -> tuple[int, int]:
    """Count one request under ``key``; its count in the current window (this one included)
    and the Unix time the window ends."""
    usage = count(key, seconds)
    return usage.current, usage.start + seconds


# --- throttles --------------------------------------------------------------------------------


class SharedThrottle(BaseThrottle):
    """A sliding-window throttle over the shared counter; subclasses say what is counted, and
    whether a failing Redis lets requests through (``fail_open``) or falls back to the
    database."""

    scope = ""
    fail_open = False

    def key(self, request, view) -> str | None:
        raise NotImplementedError

    def stores_nothing(self, request) -> bool:
        """Whether the request is one that can only be answered from what is stored (a resend):
        such a request is never refused nor counted."""
        return False

    def allow_request(self, request, view) -> bool:
        key = self.key(request, view)
        if key is None:
            return True
        rate, name = rate_for(self.scope), f"{self.scope}:{key}"
        try:
            usage = count(name, rate.seconds, fallback=not self.fail_open)
        except Unavailable:
            return True
        if usage.estimate <= rate.limit:
            # Kept with the request, so a view can take back a request that stored nothing.
            counted = getattr(request, "counted_by_throttles", [])
            request.counted_by_throttles = [*counted, (name, rate.seconds, usage.start)]
            return True
        _uncount(name, rate.seconds, usage.start)
        if self.stores_nothing(request):
            return True
        self.limit = rate.limit
        self.usage = Usage(usage.current - 1, usage.previous, usage.start, rate.seconds, usage.now)
        return False

    def wait(self) -> float:
        return self.usage.retry_after(self.limit)


def _uncount(name: str, seconds: int, start: int) -> None:
    if _window(seconds, _now()) != start:
        return  # the window it was counted in has passed; it no longer weighs much
    with contextlib.suppress(Unavailable):
        count(name, seconds, delta=-1, fallback=False)


def uncount(request) -> None:
    """Take back what the throttles counted for this request: it stored nothing (a resend)."""
    for name, seconds, start in getattr(request, "counted_by_throttles", []):
        _uncount(name, seconds, start)
    request.counted_by_throttles = []


class AddressThrottle(SharedThrottle):
    """Per client address (sign-in, before anyone is known)."""

    def key(self, request, view) -> str | None:
        return self.get_ident(request)


class LoginThrottle(AddressThrottle):
    scope = "login"


class UserThrottle(SharedThrottle):
    """Per signed-in user."""

    fail_open = True

    def key(self, request, view) -> str | None:
        return str(request.user.pk) if request.user.is_authenticated else None


def _phone_id(request) -> uuid.UUID | None:
    try:
        value = request.data.get("id")
        return uuid.UUID(str(value)) if value else None
    except (AttributeError, ValueError, TypeError):
        return None


class SubmissionThrottle(UserThrottle):
    scope = "submissions"

    def stores_nothing(self, request) -> bool:
        from audits.models import Submission

        key = _phone_id(request)
        return key is not None and Submission.objects.filter(key=key, auditor=request.user).exists()


class PhotoThrottle(UserThrottle):
    scope = "photos"

    def stores_nothing(self, request) -> bool:
        from audits.models import Photo

        key = _phone_id(request)
        return key is not None and Photo.objects.filter(key=key, auditor=request.user).exists()


# --- sign-in: lockout per username and address, a ceiling per username -------------------------


def _username(username: str) -> str:
    return username.strip().casefold()[:150]


def login_locked_for(username: str, address: str) -> float | None:
    """Seconds until ``username`` may try again from ``address``, or None when it may now."""
    name = _username(username)
    rate = rate_for("login_failures")
    usage = count(f"login_failures:{name}:{address}", rate.seconds, 0, fallback=True)
    if usage.estimate >= rate.limit:
        return usage.retry_after(rate.limit)
    ceiling = rate_for("login_ceiling")
    usage = count(f"login_failures:{name}", ceiling.seconds, 0, fallback=True)
    if usage.estimate >= ceiling.limit and not _known(name, address):
        return usage.retry_after(ceiling.limit)
    return None


def login_failed(username: str, address: str) -> None:
    name = _username(username)
    count(f"login_failures:{name}:{address}", rate_for("login_failures").seconds, fallback=True)
    count(f"login_failures:{name}", rate_for("login_ceiling").seconds, fallback=True)


def login_succeeded(username: str, address: str) -> None:
    """Remember the address the user signed in from: past the ceiling it may still try."""
    count(f"login_known:{_username(username)}:{address}", KNOWN_ADDRESS_SECONDS, fallback=True)


def _known(name: str, address: str) -> bool:
    usage = count(f"login_known:{name}:{address}", KNOWN_ADDRESS_SECONDS, 0, fallback=True)
    return usage.current + usage.previous > 0


def address_of(request) -> str:
    """The client address the throttles count (see the module's notes on proxies)."""
    return BaseThrottle().get_ident(request)
