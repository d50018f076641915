"""The one filter of every figure and report: period (or from/to), situation, channel and
persona, and the region or location a figure is narrowed to. Shared by the scoring and the
reports endpoints and by stored report jobs, so they all read the same query the same way."""

from __future__ import annotations

import functools
from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.params import MAX_ID, parse_id
from organizations.selectors import location_for, region_for
from scoring import selectors

NAMES = ("period", "from", "to", "situation", "channel", "persona")
# What the schema promises a client, so a generated one cannot build a query the server refuses
# for its form (the years and the calendar are still checked by ``selectors.parse_period``).
YEAR = r"(19[7-9]\d|20\d\d)"  # 1970 to 2099, the years visits can have (api.fields)
PERIOD_PATTERN = rf"^{YEAR}-(0[1-9]|1[0-2]|Q[1-4])$"
# Days that exist: the 29th to 31st only in months that have them, 29 February only in leap
# years (every fourth year from 1972 to 2096, 2000 included).
LEAP_YEAR = r"(19(7[26]|8[048]|9[26])|20([02468][048]|[13579][26]))"
DATE_PATTERN = (
    rf"^({YEAR}-((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
    rf"|{LEAP_YEAR}-02-29)$"
)


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN})
class PeriodField(serializers.CharField):
    """A period as the schema describes it; read (and refused with ``invalid_period``, naming
    the years) by ``selectors.parse_period``."""


class FilterSerializer(serializers.Serializer):
    """Query parameters that narrow figures; documents them in the schema too."""

    period = PeriodField(
        required=False,
        help_text="A month (2026-11) or a quarter (2026-Q4), in each location's own calendar.",
    )
    situation = serializers.CharField(
        required=False, max_length=64, help_text="An encounter situation's key."
    )
    channel = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+\Z",
        max_length=32,
        required=False,
        help_text="A channel's key, as the client's codex names it (in_person, phone, email, "
        "chat, or one the client added).",
    )
    persona = serializers.CharField(required=False, max_length=64, help_text="A persona's key.")
    to = serializers.RegexField(
        DATE_PATTERN, required=False, help_text="Last day, YYYY-MM-DD, included."
    )

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so it cannot be declared as an attribute.
        fields["from"] = serializers.RegexField(
            DATE_PATTERN, required=False, help_text="First day, YYYY-MM-DD (instead of period)."
        )
        return fields

    def to_filters(self) -> selectors.Filters:
        data = self.validated_data
        return selectors.Filters(
            period=selectors.parse_period(data.get("period"), data.get("from"), data.get("to")),
            situation=data.get("situation") or None,
            channel=data.get("channel") or None,
            persona=data.get("persona") or None,
        )


class ScopeSerializer(serializers.Serializer):
    region = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this region."
    )
    location = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this location."
    )


def filters_from(params) -> selectors.Filters:
    """The filters from a query string or a stored job's parameters; 400 naming the parameter."""
    # An empty value is refused like any other the schema does not admit, never read as absent.
    given = tuple((name, params.get(name)) for name in NAMES if params.get(name) is not None)
    if not all(isinstance(value, str) for _, value in given):
        return _validate(given)  # a stored job's odd value: refused, never cached
    # "to" defaults to today, so the day is part of what the filters mean.
    return _validated(given, date.today())


@functools.lru_cache(maxsize=512)
def _validated(given: tuple[tuple[str, str], ...], today: date) -> selectors.Filters:
    """Filters are immutable and a dashboard asks with the same few again and again: each is
    validated once (a refusal is not cached, and is raised afresh every time)."""
    return _validate(given)


def _validate(given) -> selectors.Filters:
    serializer = FilterSerializer(data=dict(given))
    serializer.is_valid(raise_exception=True)
    return serializer.to_filters()


def scoped_scores(user, params):
    """The reader's scores, filtered, and narrowed to ``region`` or ``location`` when given
    (404 when not the reader's to see)."""
    queryset = selectors.scores(user=user, filters=filters_from(params))
    if (region := params.get("region")) is not None:
        queryset = queryset.filter(region=region_for(user, parse_id(region, "region")))
    if (location := params.get("location")) is not None:
        queryset = queryset.filter(location=location_for(user, parse_id(location, "location")))
    return queryset


def scoped_with_competitors(user, params):
    """``scoped_scores`` and, beside them, the competitors' scores the same filters give: in
    the same region, or in the location's region when the figure is narrowed to a location."""
    filters = filters_from(params)
    own = selectors.scores(user=user, filters=filters)
    competitors = selectors.scores(user=user, filters=filters, competitors=True)
    if (region := params.get("region")) is not None:
        region = region_for(user, parse_id(region, "region"))
        own, competitors = own.filter(region=region), competitors.filter(region=region)
    if (location := params.get("location")) is not None:
        location = location_for(user, parse_id(location, "location"))
        own = own.filter(location=location)
        competitors = competitors.filter(region_id=location.region_id)
    return own, competitors
