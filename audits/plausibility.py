"""Plausibility checks for the reviewer: pure functions that return findings, never refuse."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from audits.constants import (
    CLOCK_SKEW_TOLERANCE_SECONDS,
    PHASH_MAX_DISTANCE,
    PHOTO_TIME_TOLERANCE_SECONDS,
    FlagCode,
)

EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class Finding:
    """What a check found: its code and the figures behind it. Its ``detail`` is the text kept
    with the flag, in English; readers get it in their own language from ``describe``."""

    code: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def detail(self) -> str:
        with translation.override("en"):
            return describe(self.code, self.data) or self.code


def describe(code: str, data: dict[str, Any]) -> str | None:
    """A finding in the active language, from its code and data; None when the data lacks
    what the text needs (a flag kept before its figures were)."""
    try:
        if code == FlagCode.CHECK_IN_MISSING:
            return _("No check-in position was sent.")
        if code == FlagCode.CHECK_IN_TOO_FAR:
            return _(
                "Checked in %(distance).0f m from the location (accuracy %(accuracy).0f m, "
                "radius %(radius).0f m)."
            ) % {
                "distance": data["distance_m"],
                "accuracy": data["accuracy_m"],
                "radius": data["radius_m"],
            }
        if code == FlagCode.VISIT_OUTSIDE_WINDOW:
            return _("The visit was not within the assignment's window.")
        if code == FlagCode.IMPOSSIBLE_DURATION:
            return _("%(item)s is %(seconds)s s, longer than the visit (%(visit)s s).") % {
                "item": data["item"],
                "seconds": f"{data['seconds']:g}",
                "visit": f"{data['visit_seconds']:g}",
            }
        if code == FlagCode.CLOCK_SKEW:
            return _("The phone's clock was %(skew)+d s off the server's.") % {
                "skew": data["skew_seconds"]
            }
        if code == FlagCode.PHOTO_OUTSIDE_VISIT:
            return _("Photo taken at %(time)s, outside the visit.") % {"time": data["captured_at"]}
        if code == FlagCode.PHOTO_REUSED:
            return _("The same or a nearly identical photo is in another audit.")
    except (KeyError, TypeError, ValueError):
        return None
    return None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class VisitFacts:
    """What the submission-level checks need, as plain values."""

    channel: str
    started_at: datetime
    ended_at: datetime
    device_time: datetime
    received_at: datetime
    window_start: datetime
    window_end: datetime
    location_lat: float | None
    location_lon: float | None
    radius_m: float
    check_in_lat: float | None
    check_in_lon: float | None
    check_in_accuracy_m: float | None
    durations: dict[str, float] = field(default_factory=dict)


def submission_findings(facts: VisitFacts) -> list[Finding]:
    findings: list[Finding] = []
    if facts.channel == "in_person" and facts.location_lat is not None:
        if facts.check_in_lat is None or facts.check_in_lon is None:
            findings.append(Finding(FlagCode.CHECK_IN_MISSING))
        else:
            distance = distance_m(
                facts.location_lat, facts.location_lon, facts.check_in_lat, facts.check_in_lon
            )
            accuracy = facts.check_in_accuracy_m or 0
            # Only flag when even the most favourable reading of the accuracy is too far.
            if distance - accuracy > facts.radius_m:
                findings.append(
                    Finding(
                        FlagCode.CHECK_IN_TOO_FAR,
                        {
                            "distance_m": round(distance),
                            "accuracy_m": accuracy,
                            "radius_m": facts.radius_m,
                        },
                    )
                )
    if facts.started_at < facts.window_start or facts.ended_at > facts.window_end:
        findings.append(
            Finding(
                FlagCode.VISIT_OUTSIDE_WINDOW,
                {
                    "window_start": facts.window_start.isoformat(),
                    "window_end": facts.window_end.isoformat(),
                },
            )
        )
    visit_seconds = (facts.ended_at - facts.started_at).total_seconds()
    if facts.channel in ("in_person", "phone"):
        for key, seconds in facts.durations.items():
            if seconds > visit_seconds:
                findings.append(
                    Finding(
                        FlagCode.IMPOSSIBLE_DURATION,
                        {"item": key, "seconds": seconds, "visit_seconds": visit_seconds},
                    )
                )
    skew = (facts.device_time - facts.received_at).total_seconds()
    if abs(skew) > CLOCK_SKEW_TOLERANCE_SECONDS:
        findings.append(
            Finding(
                FlagCode.CLOCK_SKEW,
                {"skew_seconds": round(skew)},
            )
        )
    return findings


def photo_time_finding(
    captured_at: datetime | None, started_at: datetime, ended_at: datetime
) -> Finding | None:
    if captured_at is None:
        return None
    tolerance = PHOTO_TIME_TOLERANCE_SECONDS
    early = (started_at - captured_at).total_seconds()
    late = (captured_at - ended_at).total_seconds()
    if early > tolerance or late > tolerance:
        return Finding(
            FlagCode.PHOTO_OUTSIDE_VISIT,
            {"captured_at": captured_at.isoformat()},
        )
    return None


def phash_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_reused(phash: str, content_sha256: str, others: list[tuple[str, str]]) -> bool:
    """Whether a photo matches any of ``others`` (phash, content hash) from other audits."""
    return any(
        sha == content_sha256 or phash_distance(phash, other) <= PHASH_MAX_DISTANCE
        for other, sha in others
    )
