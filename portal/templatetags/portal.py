from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """A share (0 to 1) as a whole percentage in the reader's number format; a dash for none."""
    if value is None:
        return "\N{EN DASH}"
    return f"{number_format(value * 100, decimal_pos=0)} %"


@register.filter
def phase_name(key: str, names: dict) -> str:
    return names.get(key, key)
