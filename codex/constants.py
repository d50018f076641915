from django.db import models
from django.utils.translation import gettext_lazy


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

    MAX_DURATION = "max_duration", gettext_lazy("Within a time limit")
    OBSERVED = "observed", gettext_lazy("Behaviour observed")


class DurationUnit(models.TextChoices):
    """The unit a duration norm is shown in; thresholds are always stored in seconds."""

    SECONDS = "seconds", gettext_lazy("seconds")
    MINUTES = "minutes", gettext_lazy("minutes")
    HOURS = "hours", gettext_lazy("hours")


class LoyaltyRung(models.TextChoices):
    """The loyalty ladder of seed 001, lowest to highest."""

    CONSUMER = "consumer", "Consumer"
    TRIER = "trier", "Trier"
    CUSTOMER = "customer", "Customer"
    LOYALIST = "loyalist", "Loyalist"
    ADVOCATE = "advocate", "Advocate"


class NormBasis(models.TextChoices):
    """Where a norm's threshold comes from: stated in the source texts (the eight seconds, the
    24-hour reply), an agency convention where the texts name the behaviour but no number (the
    five-minute wait, the 48-hour tail of partial credit), or the client's own."""

    TEXTS = "texts", gettext_lazy("Stated in the source texts")
    CONVENTION = "convention", gettext_lazy("Agency convention")
    CLIENT = "client", gettext_lazy("The client's own")


class Direction(models.TextChoices):
    """Who starts the contact: the customer (inbound) or staff (outbound: acquisition, a
    sales follow-up)."""

    INBOUND = "inbound", gettext_lazy("Customer contacts staff")
    OUTBOUND = "outbound", gettext_lazy("Staff contact the customer")


class AgeBand(models.TextChoices):
    YOUNG = "young", "18-29"
    MIDDLE = "middle", "30-59"
    SENIOR = "senior", "60+"


class Gender(models.TextChoices):
    WOMAN = "woman", gettext_lazy("Woman")
    MAN = "man", gettext_lazy("Man")


class Expertise(models.TextChoices):
    NOVICE = "novice", gettext_lazy("Novice")
    EXPERT = "expert", gettext_lazy("Expert")


class Temper(models.TextChoices):
    CALM = "calm", gettext_lazy("Calm")
    UPSET = "upset", gettext_lazy("Upset")


# The attributes a persona is described by; a matched pair differs in exactly one of them.
PERSONA_ATTRIBUTES = ("age_band", "gender", "language", "expertise", "temper")
