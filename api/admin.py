"""Admin pieces shared by the codex and checklist admins: versions freeze when published."""

from __future__ import annotations

from django.contrib import admin, messages

from api.errors import DomainError, DomainValidationError


def report_domain_error(modeladmin: admin.ModelAdmin, request, obj, error: DomainError) -> None:
    problems = error.as_errors() if isinstance(error, DomainValidationError) else []
    if problems:
        lines = "; ".join(f"{p['attr'] or '-'}: {p['detail']} [{p['code']}]" for p in problems)
        modeladmin.message_user(request, f"{obj} was not published. {lines}", messages.ERROR)
    else:
        modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)


class FrozenVersionAdminMixin:
    """Read-only once the version (the object itself, or the one it belongs to) is published."""

    def owning_version_of(self, obj):
        return obj

    def _frozen(self, obj) -> bool:
        version = self.owning_version_of(obj) if obj is not None else None
        return bool(version is not None and version.is_published)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class FrozenInlineMixin(FrozenVersionAdminMixin):
    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)
