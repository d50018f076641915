from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.constants import Role


class IsAgencyAdmin(BasePermission):
    """The agency's admins run the programme: they plan and create waves."""

    message = _("Only the agency's admins do this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == Role.AGENCY_ADMIN)
