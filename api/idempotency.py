"""Requests made safe to repeat by a key the caller generated: the same key with the same
content is the same request; with other content it is refused."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from api.errors import ConflictError


class IdempotencyConflict(ConflictError):
    code = "idempotency_key_reused"


def payload_hash(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
