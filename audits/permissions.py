from rest_framework.permissions import BasePermission

from accounts.constants import Role


class IsAuditor(BasePermission):
    message = "Only auditors do this."

    def has_permission(self, request, view) -> bool:
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.AUDITOR
        )


class IsReviewer(BasePermission):
    """Agency staff review audits: reviewers and agency admins."""

    message = "Only the agency's reviewers do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_agency)
