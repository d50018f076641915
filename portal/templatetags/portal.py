import math

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours to one decimal in the reader's number format; "never" for a contact that never
    came (an infinite time), a dash for none."""
    if value is None:
        return "\N{EN DASH}"
    if math.isinf(value):
        return _("never")
    return number_format(round(value, 1), 1)  # rounded as the API rounds (it cuts, else)


@register.filter
def percent(value) -> str:
    """A share (0 to 1) as a whole percentage in the reader's number format; a dash for none."""
    if value is None:
        return "\N{EN DASH}"
    return f"{value * 100:.0f} %"  # whole numbers: no decimal separator to localise


@register.filter
def named(key: str, names: dict) -> str:
    """A codex key's words from ``codex.selectors.Names`` (the key itself if it has none)."""
    return names.get(key, key)


@register.filter
def getlist(query, name: str) -> list[str]:
    """A query string's values of one name (the compare page keeps its locations so)."""
    return query.getlist(name)


@register.filter
def interval(estimate) -> str:
    """An estimate's 95% interval as "low to high %" (an en dash between), or a dash."""
    if estimate is None or estimate.low is None or estimate.high is None:
        return "\N{EN DASH}"
    return f"{estimate.low * 100:.0f}\N{EN DASH}{estimate.high * 100:.0f} %"


@register.filter
def points(value) -> str:
    """A difference of two shares in signed whole percentage points."""
    if value is None:
        return "\N{EN DASH}"
    return f"{value * 100:+.0f}"


@register.filter
def situation_name(key: str, situations) -> str:
    """A situation's name from the filter form's ``(key, name)`` pairs."""
    return dict(situations).get(key, key)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, key)
