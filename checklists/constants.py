from django.db import models

# Bump when the shape of the phone's checklist document changes, so cached copies revalidate.
CHECKLIST_DOCUMENT_FORMAT = 2


class ItemType(models.TextChoices):
    YES_NO = "yes_no", "Yes / no"
    SCALE = "scale", "Scale"
    DURATION = "duration", "Duration (seconds)"
    NUMBER = "number", "Number"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    TEXT = "text", "Text"
    PHOTO = "photo", "Photo"


class ItemFigure(models.TextChoices):
    """A visit outcome an item's answer gives (seed 001), beside its score."""

    MOOD_AT_ARRIVAL = "mood_at_arrival", "Mood at arrival (a scale)"
    MOOD_AT_DEPARTURE = "mood_at_departure", "Mood at departure (a scale)"
    PURCHASE = "purchase", "Would have bought (a single choice of the purchase outcomes)"


# The purchase outcomes' choice keys: a sale lost to the service, or one made with a complaint
# to come (seed 001: a third leave without buying for bad service, and the rest buy but complain).
PURCHASE_CHOICES = (
    "would_buy",
    "would_buy_but_complain",
    "would_not_buy_service",
    "would_not_buy_other",
)


CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE})


class ConditionOperator(models.TextChoices):
    """How a visibility condition compares an earlier item's answer."""

    EQUALS = "equals", "equals"
    NOT_EQUALS = "not_equals", "does not equal"
    IN = "in", "is one of"
    GREATER_THAN = "gt", "is greater than"
    LESS_THAN = "lt", "is less than"
