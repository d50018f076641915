from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import AuditorProfile, User


class AuditorProfileInline(admin.StackedInline):
    model = AuditorProfile
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "client", "is_active"]
    list_filter = ["role", "client", "is_active"]
    list_select_related = ["client"]
    filter_horizontal = ["regions", "works_for", "groups", "user_permissions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Role and scope", {"fields": ["role", "client", "regions", "works_for"]}),
    )
    inlines = [AuditorProfileInline]
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and scope", {"fields": ["role", "client"]}),
    )
