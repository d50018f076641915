"""Serializer fields shared by the API's inputs."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

# Times from the field must fit every database and every conversion to a local time zone. A
# phone clock reset to year 1 or set to 9999 is refused by name instead of overflowing later
# (in a PDF's date, a period's bounds) once the row is stored.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2099


class FieldDateTimeField(serializers.DateTimeField):
    """A date-time between 1970 and 2099 (UTC)."""

    default_error_messages = {
        "out_of_range": gettext_lazy("Must be between the years {earliest} and {latest}."),
    }

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            self.fail("out_of_range", earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
        return moment
