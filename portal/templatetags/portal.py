from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """A share (0 to 1) as a whole percentage in the reader's number format; a dash for none."""
    if value is None:
        return "\N{EN DASH}"
    return f"{value * 100:.0f} %"  # whole numbers: no decimal separator to localise


@register.filter
def phase_name(key: str, names: dict) -> str:
    return names.get(key, key)
