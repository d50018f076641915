from django.contrib import admin

from organizations.models import BusinessHours, Client, Location, Region


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionInline, BusinessHoursInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "region", "time_zone", "competitor"]
    list_filter = ["client", "region", "competitor"]
    search_fields = ["name", "address"]
    list_select_related = ["client", "region__client"]
