import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone (for example Europe/Helsinki)."),
            code="invalid_time_zone",
            params={"value": value},
        )


class Client(models.Model):
    """A client organisation whose locations are audited against its own service codex."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    language = models.CharField(
        max_length=8,
        default="fi",
        help_text=gettext_lazy(
            "The language its customers are served in: what a persona without a language of "
            "its own speaks."
        ),
    )
    rotation_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MaxValueValidator(36)],
        help_text=gettext_lazy(
            "An auditor does not visit the same location again within this many months."
        ),
    )
    appeal_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=gettext_lazy(
            "How many days after an audit's approval the client may dispute one of its items."
        ),
    )
    codex_sign_off_required = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "A codex version is published (and its checklists built) only after one of the "
            "client's admins has signed off its handbook, as it is now."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    """One opening interval of a client's week, in each location's own time: a written reply's
    time is counted in these hours only, when its checklist item says so
    (``Item.business_hours``). A client without any counts every hour."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, gettext_lazy("Monday")
        TUESDAY = 1, gettext_lazy("Tuesday")
        WEDNESDAY = 2, gettext_lazy("Wednesday")
        THURSDAY = 3, gettext_lazy("Thursday")
        FRIDAY = 4, gettext_lazy("Friday")
        SATURDAY = 5, gettext_lazy("Saturday")
        SUNDAY = 6, gettext_lazy("Sunday")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="business_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["client", "weekday", "opens"]
        verbose_name_plural = "business hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="business_hours_open_before_close",
                violation_error_message=gettext_lazy("Opening must come before closing."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class ResultsQuerySet(models.QuerySet):
    client_lookup = "client"
    region_lookup = "region"

    def visible_to(self, user):
        """What a reader may see of a client's results (``api.access``): the agency all, a
        client admin their client's, a regional manager their regions', nobody else any."""
        from api.access import reader_scope

        return self.filter(
            reader_scope(user).results(client=self.client_lookup, region=self.region_lookup)
        )


class RegionQuerySet(ResultsQuerySet):
    region_lookup = "pk"


class LocationQuerySet(ResultsQuerySet):
    def visible_to(self, user):
        """As ``ResultsQuerySet``, but a competitor's store only to the agency: the client's
        people see the competitors' average (``scoring.figures.competitor_gap``), never a
        competitor's store."""
        from api.access import reader_scope

        visible = super().visible_to(user)
        return visible if reader_scope(user).agency else visible.filter(competitor=False)

    def own(self):
        """The client's own stores: what its figures are about."""
        return self.filter(competitor=False)


class Region(models.Model):
    """A client's region: the unit a regional manager is responsible for."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(max_length=200)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["client__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="region_unique_name_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.client} / {self.name}"


class Location(models.Model):
    """A place (shop, branch, call centre, inbox) that auditors visit, call or write to."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="locations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    check_in_radius_m = models.PositiveIntegerField(
        default=150,
        help_text=gettext_lazy("How far from the location a check-in may be before it is flagged."),
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    competitor = models.BooleanField(
        default=False,
        db_default=False,
        help_text=gettext_lazy(
            "A competitor's store, audited with the same checklists as a benchmark: its visits "
            "count in none of the client's figures, and the client's people see only the "
            "competitors' average, never this store."
        ),
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["client__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "name"], name="location_unique_name_per_client"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id and self.client_id and self.region.client_id != self.client_id:
            raise ValidationError(
                {
                    "region": ValidationError(
                        _("The region belongs to another client."), code="invalid"
                    )
                }
            )
