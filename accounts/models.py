from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
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
