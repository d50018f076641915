from django.contrib import admin, messages
from django.http import HttpResponse
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from api.admin import FrozenInlineMixin, FrozenVersionAdminMixin, report_domain_error
from api.errors import DomainError
from codex.document import export_document
from codex.formats import write_xlsx
from codex.models import Checkpoint, CodexVersion, Norm, Persona, Phase, Situation, Step
from codex.services import codex_version_create_draft, codex_version_publish


class VersionContentInline(FrozenInlineMixin, TranslationTabularInline):
    extra = 0
    show_change_link = True


class PhaseInline(VersionContentInline):
    model = Phase
    fields = ["position", "key", "name", "goal", "effect", "weight"]


class SituationInline(VersionContentInline):
    model = Situation
    fields = ["position", "key", "name", "direction", "description"]


class PersonaInline(VersionContentInline):
    model = Persona
    fields = [
        "position",
        "key",
        "name",
        "age_band",
        "gender",
        "language",
        "expertise",
        "temper",
        "description",
    ]


@admin.register(CodexVersion)
class CodexVersionAdmin(FrozenVersionAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "client", "number", "status", "published_at"]
    list_filter = ["client", "status"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [PhaseInline, SituationInline, PersonaInline]
    actions = ["publish", "create_draft", "export_xlsx"]

    @admin.action(description="Download as a spreadsheet (edit it, import it as a new draft)")
    def export_xlsx(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one version to download.", messages.WARNING)
            return None
        version = queryset.get()
        response = HttpResponse(
            write_xlsx(export_document(version)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"codex-{version.client.slug}-v{version.number}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description="Publish (validate and freeze)")
    def publish(self, request, queryset):
        for version in queryset:
            try:
                codex_version_publish(version=version)
            except DomainError as error:
                report_domain_error(self, request, version, error)
            else:
                self.message_user(request, f"{version.client} codex v{version.number} published.")

    @admin.action(description="Create a new draft from this version")
    def create_draft(self, request, queryset):
        for version in queryset:
            draft = codex_version_create_draft(source=version)
            self.message_user(request, f"Created {draft}.", messages.SUCCESS)


class VersionChildAdmin(FrozenVersionAdminMixin, TranslationAdmin):
    def owning_version_of(self, obj):
        return obj.owning_version()


class StepInline(FrozenInlineMixin, TranslationTabularInline):
    model = Step
    extra = 0
    fields = ["position", "key", "name", "phase", "goal", "effect"]

    def owning_version_of(self, obj):
        return obj.owning_version()


@admin.register(Situation)
class SituationAdmin(VersionChildAdmin):
    list_display = ["key", "name", "codex_version"]
    list_filter = ["codex_version__client", "codex_version"]
    inlines = [StepInline]


class NormInline(FrozenInlineMixin, TranslationTabularInline):
    model = Norm
    extra = 0
    fields = [
        "key",
        "rule",
        "measure",
        "threshold_seconds",
        "display_unit",
        "partial_credit_until_seconds",
        "target_rate",
        "basis",
        "target_basis",
        "source",
        "codex_version",
    ]

    def owning_version_of(self, obj):
        return obj.owning_version()


@admin.register(Checkpoint)
class CheckpointAdmin(VersionChildAdmin):
    list_display = ["key", "name", "phase", "step_key", "codex_version"]
    list_filter = ["codex_version__client", "codex_version", "phase__key"]
    list_select_related = ["phase", "codex_version__client"]
    filter_horizontal = ["situations"]
    inlines = [NormInline]


@admin.register(Norm)
class NormAdmin(VersionChildAdmin):
    list_display = [
        "key",
        "measure",
        "threshold_seconds",
        "target_rate",
        "basis",
        "target_basis",
        "codex_version",
    ]
    list_filter = ["codex_version__client", "codex_version", "measure"]
    list_select_related = ["codex_version__client"]
    search_fields = ["key", "rule"]
