from django.db import models

# Bump when the shape of the phone's checklist document changes, so cached copies revalidate.
CHECKLIST_DOCUMENT_FORMAT = 1


class ItemType(models.TextChoices):
    YES_NO = "yes_no", "Yes / no"
    SCALE = "scale", "Scale"
    DURATION = "duration", "Duration (seconds)"
    NUMBER = "number", "Number"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    TEXT = "text", "Text"
    PHOTO = "photo", "Photo"


CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE})


class ConditionOperator(models.TextChoices):
    """How a visibility condition compares an earlier item's answer."""

    EQUALS = "equals", "equals"
    NOT_EQUALS = "not_equals", "does not equal"
    IN = "in", "is one of"
    GREATER_THAN = "gt", "is greater than"
    LESS_THAN = "lt", "is less than"
