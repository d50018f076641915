"""Filters shared by list endpoints."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from api.fields import EARLIEST_YEAR, LATEST_YEAR, YEARS_PATTERN
from api.params import MAX_ID


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An id: a whole number from 1 that the database can hold (the schema says so too)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class _MomentField(IsoDateTimeField):
    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return moment
        written = int(value[:4]) if isinstance(value, str) and value[:4].isdigit() else moment.year
        if not EARLIEST_YEAR <= written <= LATEST_YEAR:
            raise ValidationError(
                _("Must be between the years %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                code="out_of_range",
            )
        return moment


@extend_schema_field({"type": "string", "format": "date-time", "pattern": YEARS_PATTERN})
class MomentFilter(filters.IsoDateTimeFilter):
    """A date-time in the years visits can have (``api.fields``), as the schema says: a year 1
    or 9999 is a 400 naming the parameter, not an overflow when the database's time zone is
    applied."""

    field_class = _MomentField


@extend_schema_field({"type": "boolean"})
class BooleanFilter(filters.ChoiceFilter):
    """``true`` or ``false``, as the schema says; anything else is refused (django-filter's own
    reads ``null`` and other words as "no filter")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[("true", "true"), ("false", "false")], **kwargs)


@extend_schema_field({"type": "string", "minLength": 1})
class TextFilter(filters.CharFilter):
    """Text matched exactly; never empty (``FilterSet`` refuses an empty value)."""


class FilterSet(filters.FilterSet):
    """Refuses an empty value (``?status=``), as the schema does, instead of reading it as no
    filter at all: what the schema admits and what the server takes stay the same."""

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if self.data.get(name) == "":
                self.form.add_error(
                    name, ValidationError(_("This field may not be blank."), code="blank")
                )
                valid = False
        return valid


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend with the strict ``FilterSet`` for ``filterset_fields`` too."""

    filterset_base = FilterSet
