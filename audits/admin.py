from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audits.models import Assignment, Audit, Flag, Photo, ReviewComment, Submission


class AssignmentAdminForm(admin.ModelAdmin.form):
    def clean(self):
        data = super().clean()
        location, version = data.get("location"), data.get("checklist_version")
        auditor, persona = data.get("auditor"), data.get("persona")
        errors = {}
        if location and version and version.checklist.client_id != location.client_id:
            errors["checklist_version"] = _("The checklist belongs to another client.")
        if version and not version.is_published:
            errors["checklist_version"] = _("Only a published checklist version can be assigned.")
        if auditor and auditor.role != "auditor":
            errors["auditor"] = _("Assign the audit to an auditor.")
        elif auditor and location and not auditor.works_for.filter(pk=location.client_id).exists():
            errors["auditor"] = _("This auditor does not work for the location's client.")
        if persona and version and persona.codex_version_id != version.codex_version_id:
            errors["persona"] = _("The persona belongs to another codex version.")
        if errors:
            raise ValidationError(errors)
        if location:
            self.instance.client_id = location.client_id
        return data


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """The agency schedules audits here: location, checklist version, persona, window, auditor."""

    form = AssignmentAdminForm
    list_display = ["id", "location", "checklist_version", "auditor", "window_start", "status"]
    list_filter = ["client", "status"]
    list_select_related = ["location", "checklist_version__checklist", "auditor"]
    raw_id_fields = ["location", "checklist_version", "persona", "auditor"]
    exclude = ["client"]
    readonly_fields = ["created_at", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit data comes from phones and reviewers through the API; the admin only shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["code", "detail", "cleared", "cleared_at", "cleared_by", "clear_note", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Audit)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ["id", "assignment", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "assignment__client"]
    list_select_related = ["assignment__location"]
    inlines = [FlagInline]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["id", "audit", "revision", "received_at"]
    list_select_related = ["audit__assignment__location"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["id", "audit", "item", "original_format", "width", "height", "captured_at"]
    list_select_related = ["audit__assignment__location", "item"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["audit", "item", "comment", "created_at"]
    list_select_related = ["audit__assignment__location", "item"]
