"""A timed item answered as two moments (sent and replied, call started and answered): the
duration the server computes from them. Pure functions over aware datetimes.

Each moment carries its own offset, so a mail sent from a Helsinki phone at +03:00 and answered
from a Budapest office at +02:00 is measured in real elapsed time, across midnight or a change of
summer time alike. A written reply may be counted in the client's business hours only
(``Item.business_hours``): the part of the span that falls within the opening intervals of each
local day, in the location's own time zone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

# A weekday (0 Monday to 6 Sunday) and an opening interval on it, in local time.
Opening = tuple[int, time, time]


def _utc(moment: datetime) -> datetime:
    # Subtracting two datetimes of one ZoneInfo compares wall clocks; in UTC, summer time's
    # missing or doubled hour counts as it passed.
    return moment.astimezone(UTC)


def elapsed(started: datetime, ended: datetime) -> float:
    """Seconds from ``started`` to ``ended``, as time passed."""
    return (_utc(ended) - _utc(started)).total_seconds()


def business_elapsed(
    started: datetime, ended: datetime, zone: ZoneInfo, hours: Iterable[Opening]
) -> float:
    """Seconds from ``started`` to ``ended`` that fall within the opening ``hours`` of each
    local day in ``zone``. Without any hours, every second counts."""
    by_weekday: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, opens, closes in hours:
        by_weekday[weekday].append((opens, closes))
    if not by_weekday:
        return elapsed(started, ended)
    start, end = _utc(started), _utc(ended)
    total = 0.0
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        for opens, closes in by_weekday.get(day.weekday(), ()):
            low = max(start, _utc(datetime.combine(day, opens, tzinfo=zone)))
            high = min(end, _utc(datetime.combine(day, closes, tzinfo=zone)))
            if high > low:
                total += (high - low).total_seconds()
        day += timedelta(days=1)
    return total


def as_value(seconds: float) -> int | float:
    """A computed duration as the answer's value: whole seconds as an integer, otherwise to the
    millisecond (a phone's timestamps carry no more)."""
    rounded = Decimal(str(seconds)).quantize(Decimal("0.001"))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)
