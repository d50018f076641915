from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.constants import Role


class IsAuditor(BasePermission):
    message = _("Only auditors do this.")

    def has_permission(self, request, view) -> bool:
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.AUDITOR
        )


class IsReviewer(BasePermission):
    """Agency staff review audits: reviewers and agency admins."""

    message = _("Only the agency's reviewers do this.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_agency)


class ReadsResults(BasePermission):
    """Scores, comparisons and reports are for the agency and the client's own people; an
    auditor is refused outright (403, the same for every object, so nothing is revealed)."""

    message = _("Results and reports are for the agency and the client's people.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_agency or user.is_client_side))
