from django.contrib import admin, messages
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from api.admin import FrozenInlineMixin, FrozenVersionAdminMixin, report_domain_error
from api.errors import DomainError
from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from checklists.services import checklist_version_create_draft, checklist_version_publish


class ItemInline(FrozenInlineMixin, TranslationTabularInline):
    model = Item
    extra = 0
    show_change_link = True
    fields = [
        "position",
        "phase",
        "step",
        "key",
        "type",
        "text",
        "norm",
        "weight",
        "critical",
        "allow_na",
        "required",
        "min_photos",
        "min_value",
        "max_value",
        "condition_item_key",
        "condition_operator",
        "condition_value",
        "business_hours",
        "figure",
    ]
    raw_id_fields = ["phase", "step", "norm"]


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(FrozenVersionAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "checklist", "number", "status", "published_at"]
    list_filter = ["checklist__client", "status", "checklist__channel"]
    list_select_related = ["checklist__client"]
    readonly_fields = ["status", "published_at", "content_hash", "created_at"]
    raw_id_fields = ["codex_version", "situation"]
    inlines = [ItemInline]
    actions = ["publish", "create_draft"]

    @admin.action(description="Publish (validate and freeze)")
    def publish(self, request, queryset):
        for version in queryset:
            try:
                checklist_version_publish(version=version)
            except DomainError as error:
                report_domain_error(self, request, version, error)
            else:
                self.message_user(request, f"{version.checklist} v{version.number} published.")

    @admin.action(description="Create a new draft of this checklist")
    def create_draft(self, request, queryset):
        for checklist_id in set(queryset.values_list("checklist_id", flat=True)):
            draft = checklist_version_create_draft(checklist=Checklist.objects.get(pk=checklist_id))
            self.message_user(request, f"Created {draft}.", messages.SUCCESS)


@admin.register(Checklist)
class ChecklistAdmin(TranslationAdmin):
    list_display = ["key", "name", "client", "situation_key", "channel", "current_version"]
    list_filter = ["client", "channel", "situation_key"]
    list_select_related = ["client", "current_version"]
    search_fields = ["key", "name"]


class ChoiceInline(FrozenInlineMixin, TranslationTabularInline):
    model = ItemChoice
    extra = 0
    fields = ["position", "key", "label", "points"]

    def owning_version_of(self, obj):
        return obj.owning_version()


@admin.register(Item)
class ItemAdmin(FrozenVersionAdminMixin, TranslationAdmin):
    list_display = ["key", "type", "checklist_version", "phase", "norm"]
    list_filter = ["checklist_version__checklist__client", "type"]
    list_select_related = ["checklist_version__checklist", "phase", "norm"]
    raw_id_fields = ["checklist_version", "phase", "step", "norm"]
    inlines = [ChoiceInline]

    def owning_version_of(self, obj):
        return obj.owning_version()
