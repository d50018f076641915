"""Serializer fields shared by the API's inputs."""

from decimal import ROUND_HALF_EVEN, Decimal

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Times from the field must fit every database and every conversion to a local time zone. A
# phone clock reset to year 1 or set to 9999 is refused by name instead of overflowing later
# (in a PDF's date, a period's bounds) once the row is stored.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2099
SIX_PLACES = Decimal("0.000001")


# The schema says it as a pattern beside the date-time format, so a generated client or a
# fuzzer does not build a time the server refuses.
YEARS_PATTERN = r"^(19[7-9]\d|20\d\d)-"


@extend_schema_field({"type": "string", "format": "date-time", "pattern": YEARS_PATTERN})
class FieldDateTimeField(serializers.DateTimeField):
    """A date-time whose year, as written (in its own offset), is between 1970 and 2099."""

    default_error_messages = {
        "out_of_range": gettext_lazy("Must be between the years {earliest} and {latest}."),
    }

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        written = moment.year
        if isinstance(value, str) and value[:4].isdigit():
            written = int(value[:4])
        if not EARLIEST_YEAR <= written <= LATEST_YEAR:
            self.fail("out_of_range", earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
        return moment


class CoordinateField(serializers.DecimalField):
    """A latitude (``limit`` 90) or longitude (180) as a phone's GPS gives it, with any number of
    decimals, kept to six places (about 10 cm): a reading of 60.16912345678901 is stored, not
    refused. A number in the schema; a numeric string is accepted too."""

    def __init__(self, limit: int, **kwargs):
        super().__init__(
            max_digits=len(str(limit)) + 6,
            decimal_places=6,
            min_value=-limit,
            max_value=limit,
            coerce_to_string=False,
            **kwargs,
        )

    def validate_precision(self, value):
        if value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        if value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        return super().validate_precision(value.quantize(SIX_PLACES, rounding=ROUND_HALF_EVEN))


class StrictCharField(serializers.CharField):
    """Text that must arrive as text: a number where the schema says string is refused rather
    than turned into one, so the server keeps to the type the schema promises."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false`` as JSON has them: DRF's own also takes 0, 1, "yes", "on" and so
    on, which the schema does not promise."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictRegexField(serializers.RegexField):
    """A ``RegexField`` that, like ``StrictCharField``, takes text only."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Sentence(StrictRegexField):
    """Text a person wrote (a reason, a note): something other than blanks."""

    def __init__(self, **kwargs):
        super().__init__(r"\S", **kwargs)
