import uuid

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from api.errors import DomainError
from waves import selectors, services
from waves.models import Wave


class WavePlanForm(forms.ModelForm):
    """The admin's way to plan and create a wave: the period and visits per location for all
    of the client's locations, situations, channels and personas (the API takes a narrower
    plan). The plan is checked as the API checks it, and created in one transaction."""

    visits_per_location = forms.IntegerField(min_value=1, max_value=60, initial=4)
    matched_pairs_per_location = forms.IntegerField(
        min_value=0,
        max_value=30,
        required=False,
        help_text=gettext_lazy("Left empty: one where the personas allow it."),
    )

    class Meta:
        model = Wave
        fields = ["client", "name", "period_start", "period_end"]

    def spec(self) -> dict:
        data = self.cleaned_data
        spec = {
            "client": data["client"].pk,
            "name": data["name"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "visits_per_location": data["visits_per_location"],
        }
        if data.get("matched_pairs_per_location") is not None:
            spec["matched_pairs_per_location"] = data["matched_pairs_per_location"]
        return spec

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["period_end"] < data["period_start"]:
            raise ValidationError({"period_end": gettext_lazy("The period ends before it starts.")})
        try:
            selectors.wave_inputs(self.spec())
        except DomainError as error:
            raise ValidationError(
                {error.attr if error.attr in self.fields else None: error.message}
            ) from None
        return data


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    """Plan and create a wave here or through the API (``POST /api/v1/waves/plan/``, then
    ``POST /api/v1/waves/``); once made, a wave is read-only: its assignments are changed one
    by one (reassigned, cancelled)."""

    list_display = ["name", "client", "period_start", "period_end", "created_by", "created_at"]
    list_filter = ["client"]
    list_select_related = ["client", "created_by"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = WavePlanForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*WavePlanForm.Meta.fields, "visits_per_location", "matched_pairs_per_location"]
        return [field.name for field in Wave._meta.fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [field.name for field in Wave._meta.fields]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        wave, _ = services.wave_create(user=request.user, key=uuid.uuid4(), spec=form.spec())
        obj.pk = wave.pk
        obj.refresh_from_db()
