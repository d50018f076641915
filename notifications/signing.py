"""How a webhook's payload is signed, and how a receiver checks it.

Each request carries ``X-Codex-Timestamp`` (Unix seconds) and ``X-Codex-Signature``:
``v1=`` and the hex HMAC-SHA256, keyed with the endpoint's secret, of the timestamp, a dot and
the raw body. A receiver computes the same, compares in constant time, and refuses a timestamp
more than ``TOLERANCE`` seconds from its clock (a replayed request)."""

from __future__ import annotations

import hashlib
import hmac
import time

TOLERANCE = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, given: str, now: float | None = None) -> bool:
    """Whether a request is signed with ``secret`` and recent: what a receiver does."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - moment) > TOLERANCE:
        return False
    return hmac.compare_digest(signature(secret, moment, body), given)
