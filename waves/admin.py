from django.contrib import admin

from waves.models import Wave


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    """Waves are planned and created through the API (``POST /api/v1/waves/plan/``, then
    ``POST /api/v1/waves/``), in one transaction each; here they are read."""

    list_display = ["name", "client", "period_start", "period_end", "created_by", "created_at"]
    list_filter = ["client"]
    list_select_related = ["client", "created_by"]
    readonly_fields = [field.name for field in Wave._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
