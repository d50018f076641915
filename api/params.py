"""Query parameters shared by the reading endpoints: parsed to plain values or refused in the
error shape, never passed on to the database as they came (a 400-digit id overflows it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from api.errors import DomainError

# The largest id the API takes: 18 digits, well inside every database's 64-bit ids, and what the
# schema's id patterns (``[1-9]\d{0,17}``) admit, so the two never disagree.
MAX_ID = 10**18 - 1


def parse_id(value: str, attr: str) -> int:
    """One id, as a positive whole number the database can hold."""
    try:
        number = int(value)
    except ValueError:
        raise DomainError(_("A whole number."), code="invalid", attr=attr) from None
    if not 1 <= number <= MAX_ID:
        raise DomainError(
            _("Not an id: ids are whole numbers from 1 up."), code="out_of_range", attr=attr
        )
    return number


def parse_count(value: str | None, attr: str, maximum: int) -> int:
    """How many to send: a whole number from 1 to ``maximum``; ``maximum`` when not given."""
    if value is None:
        return maximum
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= maximum:
        raise DomainError(
            _("A whole number from 1 to %(maximum)d.") % {"maximum": maximum},
            code="out_of_range",
            attr=attr,
        )
    return number


def parse_number(value: str | None, attr: str, maximum: int) -> int:
    """A required whole number from 1 to ``maximum``."""
    if value is None:
        raise DomainError(_("This parameter is required."), code="required", attr=attr)
    return parse_count(value, attr, maximum)


def parse_ids(value: str, attr: str) -> list[int]:
    """Ids separated by commas."""
    try:
        return [parse_id(part, attr) for part in value.split(",")]
    except DomainError:
        raise DomainError(_("Give ids separated by commas."), code="invalid", attr=attr) from None


def parse_flag(value: str, attr: str) -> bool:
    """``true`` or ``false``, as the schema's boolean parameters are written."""
    if value not in ("true", "false"):
        raise DomainError(_("Give true or false."), code="invalid", attr=attr)
    return value == "true"
