from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import AGENCY_ROLES, CLIENT_ROLES, Role


class User(AbstractUser):
    """A person using the system in one role: auditor (mystery shopper), reviewer, regional
    manager, client admin or agency admin.

    Client-side people belong to one client (``client``); a regional manager is further scoped to
    ``regions``. Auditors are agency people who work for several clients (``works_for``).
    """

    role = models.CharField(max_length=32, choices=Role.choices)
    client = models.ForeignKey(
        "organizations.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=gettext_lazy("The client a regional manager or client admin belongs to."),
    )
    regions = models.ManyToManyField(
        "organizations.Region",
        blank=True,
        related_name="managers",
        help_text=gettext_lazy("The regions a regional manager is responsible for."),
    )
    works_for = models.ManyToManyField(
        "organizations.Client",
        blank=True,
        related_name="auditors",
        help_text=gettext_lazy("The clients an auditor audits."),
    )
    # Tokens made before this are refused: a changed password signs out every phone.
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=list(CLIENT_ROLES), client__isnull=False)
                    | (~models.Q(role__in=list(CLIENT_ROLES)) & models.Q(client__isnull=True))
                ),
                name="user_client_iff_client_role",
                violation_error_message="Regional managers and client admins, and only they, "
                "belong to a client.",
            ),
        ]

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_agency(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def is_client_side(self) -> bool:
        return self.role in CLIENT_ROLES

    def clean(self) -> None:
        super().clean()
        if self.role in CLIENT_ROLES and not self.client_id:
            raise ValidationError(
                {"client": ValidationError(_("This role belongs to a client."), code="required")}
            )
        if self.role not in CLIENT_ROLES and self.client_id:
            raise ValidationError(
                {
                    "client": ValidationError(
                        _("Only client-side roles belong to a client."), "invalid"
                    )
                }
            )


class AuditorProfile(models.Model):
    """What a wave's scheduler knows of an auditor (mystery shopper): the languages they speak,
    the personas they can play, where they live and how far they travel to a visit, and how
    many visits a week they take."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="auditor_profile")
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("Language codes the auditor speaks with customers: fi, sv, en."),
    )
    personas = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("Keys of the codex personas the auditor can play convincingly."),
    )
    home_area = models.CharField(max_length=200, blank=True)
    home_latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    home_longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    travel_km = models.PositiveIntegerField(
        default=50,
        validators=[MaxValueValidator(2000)],
        help_text=gettext_lazy("How far from home the auditor goes for an in-person visit."),
    )
    weekly_capacity = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=gettext_lazy("At most this many visits a week."),
    )

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({', '.join(self.languages)})"
