from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from api.errors import DomainError
from reports import exports
from reports.pdf import render_audit_pdf
from reports.selectors import audit_report, report_audits
from scoring import selectors as score_selectors
from scoring.access import locations_visible, regions_visible
from scoring.views import FILTERS, _filters, _int

EXPORT_PARAMETERS = [
    OpenApiParameter("region", int, description="Only this region."),
    OpenApiParameter("location", int, description="Only this location."),
    *FILTERS,
]


def _export_scores(request):
    """Approved audits the reader may see, narrowed by period, region, location, situation,
    channel and persona."""
    queryset = score_selectors.scores(user=request.user, filters=_filters(request))
    if region := request.query_params.get("region"):
        get_object_or_404(regions_visible(request.user), pk=_int(region, "region"))
        queryset = queryset.filter(region_id=region)
    if location := request.query_params.get("location"):
        get_object_or_404(locations_visible(request.user), pk=_int(location, "location"))
        queryset = queryset.filter(location_id=location)
    return queryset


DATASETS = {"audits": exports.audit_rows, "answers": exports.answer_rows}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportView(APIView):
    """Approved audits, or their answers, as CSV or XLSX, streamed with memory that does not
    grow with the number of rows. No column carries the auditor's identity."""

    @extend_schema(
        parameters=EXPORT_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, dataset: str, extension: str):
        if dataset not in DATASETS or extension not in CONTENT_TYPES:
            raise DomainError("Export audits or answers as csv or xlsx.", code="invalid")
        rows = DATASETS[dataset](_export_scores(request))
        filename = f"{dataset}.{extension}"
        if extension == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(rows), content_type=CONTENT_TYPES["csv"]
            )
        else:
            handle = exports.xlsx_file(rows, sheet=dataset)
            response = StreamingHttpResponse(
                iter(lambda: handle.read(64 * 1024), b""), content_type=CONTENT_TYPES["xlsx"]
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AuditReportView(APIView):
    """One approved audit as a PDF in the reader's language (``Accept-Language``): cover with the
    score and the result, a chart of the phase scores, every item with its answer, comment and
    norm, and photo thumbnails. Nothing identifies the auditor."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        audit = get_object_or_404(report_audits(user=request.user), pk=pk)
        language = translation.get_language() or "en"
        pdf = render_audit_pdf(audit_report(audit=audit, language=language))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="audit-{audit.pk}.pdf"'
        return response
