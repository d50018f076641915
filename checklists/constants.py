from django.db import models
from django.utils.translation import gettext_lazy

# Bump when the shape of the phone's checklist document changes, so cached copies revalidate.
CHECKLIST_DOCUMENT_FORMAT = 2


class ItemType(models.TextChoices):
    YES_NO = "yes_no", gettext_lazy("Yes / no")
    SCALE = "scale", gettext_lazy("Scale")
    DURATION = "duration", gettext_lazy("Duration (seconds)")
    NUMBER = "number", gettext_lazy("Number")
    SINGLE_CHOICE = "single_choice", gettext_lazy("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", gettext_lazy("Multiple choice")
    TEXT = "text", gettext_lazy("Text")
    PHOTO = "photo", gettext_lazy("Photo")


class ItemFigure(models.TextChoices):
    """A visit outcome an item's answer gives (seed 001), beside its score."""

    MOOD_AT_ARRIVAL = "mood_at_arrival", gettext_lazy("Mood at arrival (a scale)")
    MOOD_AT_DEPARTURE = "mood_at_departure", gettext_lazy("Mood at departure (a scale)")
    PURCHASE = (
        "purchase",
        gettext_lazy("Would have bought (a single choice of the purchase outcomes)"),
    )
    # Seed 004: "elvárásainkat összehasonlítjuk az átélt valósággal". One item per phase.
    EXPECTATION = (
        "expectation",
        gettext_lazy("Against expectations (a single choice: fell short, met, exceeded)"),
    )
    # A two-stage visit's second stage: did staff get back to the customer as they promised.
    PROMISE_KEPT = "promise_kept", gettext_lazy("Got back as promised (yes or no)")


# The purchase outcomes' choice keys: a sale lost to the service, or one made with a complaint
# to come (seed 001: a third leave without buying for bad service, and the rest buy but complain).
PURCHASE_CHOICES = (
    "would_buy",
    "would_buy_but_complain",
    "would_not_buy_service",
    "would_not_buy_other",
)

# An expectation item's choice keys and what each counts as: the phase fell short of what the
# auditor, as the customer played, expected (-1), met it (0) or exceeded it (1).
EXPECTATION_VALUES = {"fell_short": -1, "met": 0, "exceeded": 1}


CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE})


class ConditionOperator(models.TextChoices):
    """How a visibility condition compares an earlier item's answer."""

    EQUALS = "equals", gettext_lazy("equals")
    NOT_EQUALS = "not_equals", gettext_lazy("does not equal")
    IN = "in", gettext_lazy("is one of")
    GREATER_THAN = "gt", gettext_lazy("is greater than")
    LESS_THAN = "lt", gettext_lazy("is less than")
