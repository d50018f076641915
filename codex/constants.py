from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Channel(models.TextChoices):
    """How the service is given (seeds 002, 003): the same process must work in each."""

    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    CHAT = "chat", "Chat"


class NormMeasure(models.TextChoices):
    """How a norm's target is measured."""

    MAX_DURATION = "max_duration", "Within a time limit"
    OBSERVED = "observed", "Behaviour observed"


class DurationUnit(models.TextChoices):
    """The unit a duration norm is shown in; thresholds are always stored in seconds."""

    SECONDS = "seconds", "seconds"
    MINUTES = "minutes", "minutes"
    HOURS = "hours", "hours"


class LoyaltyRung(models.TextChoices):
    """The loyalty ladder of seed 001, lowest to highest."""

    CONSUMER = "consumer", "Consumer"
    TRIER = "trier", "Trier"
    CUSTOMER = "customer", "Customer"
    LOYALIST = "loyalist", "Loyalist"
    ADVOCATE = "advocate", "Advocate"
