from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from codex.constants import Channel
from reports.models import JobKind, ReportJob
from scoring.filters import DATE_PATTERN, PERIOD_PATTERN


class JobRequestSerializer(serializers.Serializer):
    """``region_pdfs``: ``region`` and ``period`` (a month or a quarter). ``export``:
    ``dataset`` (audits or answers), ``extension`` (csv or xlsx) and any export filters."""

    kind = serializers.ChoiceField(choices=JobKind.choices)
    region = serializers.IntegerField(required=False, min_value=1)
    location = serializers.IntegerField(required=False, min_value=1)
    period = serializers.RegexField(PERIOD_PATTERN, required=False)
    situation = serializers.CharField(required=False, max_length=64)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    persona = serializers.CharField(required=False, max_length=64)
    dataset = serializers.ChoiceField(choices=["audits", "answers"], required=False)
    extension = serializers.ChoiceField(choices=["csv", "xlsx"], required=False)

    def get_fields(self):
        # A custom range, as the exports take it; ``from`` cannot be an attribute name.
        fields = super().get_fields()
        fields["from"] = serializers.RegexField(DATE_PATTERN, required=False, help_text="A date.")
        fields["to"] = serializers.RegexField(DATE_PATTERN, required=False, help_text="A date.")
        return fields

    def validate(self, attrs):
        if attrs["kind"] == JobKind.REGION_PDFS:
            missing = [name for name in ("region", "period") if name not in attrs]
        else:
            missing = [name for name in ("dataset", "extension") if name not in attrs]
        if missing:
            raise serializers.ValidationError(
                {
                    name: serializers.ErrorDetail(_("This field is required."), "required")
                    for name in missing
                }
            )
        return attrs


class JobSerializer(serializers.ModelSerializer):
    progress = serializers.FloatField(help_text="0 to 1.")
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "params",
            "language",
            "status",
            "progress",
            "done",
            "total",
            "error",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, job) -> str | None:
        if job.status != "succeeded":
            return None
        return reverse("report-job-download", args=[job.pk])
