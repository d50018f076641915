from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from api.fields import StrictBooleanField, StrictCharField, StrictRegexField
from api.params import MAX_ID
from reports.models import JobKind, ReportJob
from scoring.filters import DATE_PATTERN, PERIOD_PATTERN

DATASETS = ["audits", "answers"]
EXTENSIONS = ["csv", "xlsx"]


def _export_filters() -> dict[str, serializers.Field]:
    """What narrows an export, as its endpoint's query takes it (``from`` is a keyword, so the
    fields are made here rather than declared)."""
    return {
        "region": serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID),
        "location": serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID),
        "period": serializers.RegexField(PERIOD_PATTERN, required=False),
        "situation": StrictCharField(required=False, max_length=64),
        "channel": StrictRegexField(
            r"^[-a-zA-Z0-9_]+\Z", max_length=32, required=False, help_text="A channel's key."
        ),
        "persona": StrictCharField(required=False, max_length=64),
        "from": serializers.RegexField(DATE_PATTERN, required=False, help_text="A date."),
        "to": serializers.RegexField(DATE_PATTERN, required=False, help_text="A date."),
        "excel": StrictBooleanField(
            required=False, help_text="CSV for Excel: a byte-order mark, formulas quoted."
        ),
    }


class JobRequestSerializer(serializers.Serializer):
    """``region_pdfs``: ``region`` and ``period`` (a month or a quarter). ``export``:
    ``dataset`` (audits or answers), ``extension`` (csv or xlsx) and any export filters. The
    schema shows the two as ``RegionPdfsJob`` and ``ExportJob``, told apart by ``kind``."""

    kind = serializers.ChoiceField(choices=JobKind.choices)
    dataset = serializers.ChoiceField(choices=DATASETS, required=False)
    extension = serializers.ChoiceField(choices=EXTENSIONS, required=False)

    def get_fields(self):
        return {**super().get_fields(), **_export_filters()}

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


class RegionPdfsJobSerializer(serializers.Serializer):
    """A region's period as a ZIP of its audits' PDFs (for the schema)."""

    kind = serializers.ChoiceField(choices=[JobKind.REGION_PDFS.value])
    region = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    period = serializers.RegexField(PERIOD_PATTERN)


class ExportJobSerializer(serializers.Serializer):
    """A large export, narrowed as the export endpoint's query narrows it (for the schema)."""

    kind = serializers.ChoiceField(choices=[JobKind.EXPORT.value])
    dataset = serializers.ChoiceField(choices=DATASETS)
    extension = serializers.ChoiceField(choices=EXTENSIONS)

    def get_fields(self):
        return {**super().get_fields(), **_export_filters()}


JOB_REQUEST_SCHEMA = PolymorphicProxySerializer(
    component_name="NewJob",
    serializers={
        JobKind.REGION_PDFS.value: RegionPdfsJobSerializer,
        JobKind.EXPORT.value: ExportJobSerializer,
    },
    resource_type_field_name="kind",
)


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
