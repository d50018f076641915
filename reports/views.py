from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ConflictError, DomainError
from api.params import parse_flag
from api.views import ScopedQuerysetMixin
from audits.permissions import ReadsResults
from organizations.selectors import location_for, region_for
from reports import exports
from reports.jobs import export_job_request, report_job_request
from reports.models import JobKind, JobStatus
from reports.pdf import render_audit_pdf, render_period_pdf
from reports.period import location_period_report, region_period_report
from reports.selectors import (
    audit_report,
    export_scores,
    jobs_visible,
    report_audits,
)
from reports.serializers import JOB_REQUEST_SCHEMA, JobRequestSerializer, JobSerializer
from scoring.filters import PERIOD_PATTERN, FilterSerializer, ScopeSerializer
from scoring.selectors import parse_period

EXPORT_PARAMETERS = [
    OpenApiParameter(
        "dataset", str, OpenApiParameter.PATH, enum=["audits", "answers"], description="What rows."
    ),
    OpenApiParameter(
        "extension", str, OpenApiParameter.PATH, enum=["csv", "xlsx"], description="The format."
    ),
    OpenApiParameter(
        "excel",
        bool,
        description="CSV for Excel: a UTF-8 byte-order mark first, moments to the second, and "
        "in a language that writes a decimal comma (fi, hu) semicolons between cells and decimal "
        "commas. In every CSV, text that starts like a formula is quoted with an apostrophe.",
    ),
    ScopeSerializer,
    FilterSerializer,
]


DATASETS = exports.DATASETS
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportView(APIView):
    """Approved audits, or their answers, as CSV or XLSX, streamed with memory that does not
    grow with the number of rows, in the reader's language (``Accept-Language``): the codex's
    words for situations, personas, phases, questions, norms and chosen answers, and its keys in
    columns of their own labelled "(code)". No column carries the auditor's identity. An export
    of more than ``EXPORT_STREAM_MAX_AUDITS`` audits is built off the request path instead: 202
    with the job (the same one when asked again), its address in ``Location``; poll it, then
    download."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=EXPORT_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            202: JobSerializer,
        },
    )
    def get(self, request, dataset: str, extension: str):
        if dataset not in DATASETS or extension not in CONTENT_TYPES:
            raise DomainError(_("Export audits or answers as csv or xlsx."), code="invalid")
        excel = parse_flag(request.query_params.get("excel", "false"), "excel")
        scores = export_scores(user=request.user, params=request.query_params)
        if scores.count() > settings.EXPORT_STREAM_MAX_AUDITS:
            return self.as_job(request, dataset, extension)
        export = DATASETS[dataset](scores, translation.get_language() or "en")
        filename = f"{dataset}.{extension}"
        if extension == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(export, excel=excel), content_type=CONTENT_TYPES["csv"]
            )
        else:
            handle = exports.xlsx_file(export)
            response = StreamingHttpResponse(
                iter(lambda: handle.read(64 * 1024), b""), content_type=CONTENT_TYPES["xlsx"]
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def as_job(self, request, dataset: str, extension: str) -> Response:
        """The export as a job with the same parameters a POST to ``/jobs/`` would take."""
        job = export_job_request(
            user=request.user,
            dataset=dataset,
            extension=extension,
            query=request.query_params,
            language=translation.get_language() or "en",
        )
        return Response(
            JobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("report-job-detail", args=[job.pk])},
        )


class AuditReportView(APIView):
    """One approved audit as a PDF in the reader's language (``Accept-Language``): cover with the
    score and the result, a chart of the phase scores, every item with its answer, comment and
    norm, and photo thumbnails. Nothing identifies the auditor. Results are not the auditor's to
    read, their own audits' included."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        audit = get_object_or_404(report_audits(user=request.user), pk=pk)
        language = translation.get_language() or "en"
        pdf = render_audit_pdf(audit_report(audit=audit, language=language))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="audit-{audit.pk}.pdf"'
        return response


class JobCreateView(APIView):
    """Start a large report off the request path: a region's period as a ZIP of audit PDFs, or
    a big export. 202 with the new job; 200 with the existing one when the same request was
    made before (a failed one is started again). Poll ``/jobs/{id}/``, then download."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        request=JOB_REQUEST_SCHEMA,
        responses={202: JobSerializer, 200: JobSerializer},
    )
    def post(self, request):
        body = JobRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        params = {key: value for key, value in body.validated_data.items() if key != "kind"}
        kind = body.validated_data["kind"]
        # Check the parameters as the reader now, so a bad or foreign one fails here (400/404)
        # rather than in the job.
        if kind == JobKind.REGION_PDFS:
            region_for(request.user, params["region"])
            parse_period(params["period"], None, None)
        else:
            export_scores(user=request.user, params=params)
        job, created = report_job_request(
            user=request.user,
            kind=kind,
            params=params,
            language=translation.get_language() or "en",
        )
        return Response(
            JobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
        )


class JobDetailView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """A job's status and progress; ``download`` is set once it has succeeded, ``error`` says
    why when it failed."""

    permission_classes = [IsAuthenticated, ReadsResults]

    selector = jobs_visible
    serializer_class = JobSerializer


class JobDownloadView(ScopedQuerysetMixin, generics.GenericAPIView):
    """The job's file, once it has succeeded (409 before, with the current status)."""

    permission_classes = [IsAuthenticated, ReadsResults]

    selector = jobs_visible
    serializer_class = JobSerializer

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        }
    )
    def get(self, request, pk):
        job = self.get_object()
        if job.status != JobStatus.SUCCEEDED:
            raise ConflictError(
                _("The job is %(status)s.") % {"status": job.status},
                code="not_ready",
                current_state=job.status,
            )
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
        )


PERIOD_REQUIRED = [
    OpenApiParameter(
        "period",
        {"type": "string", "pattern": PERIOD_PATTERN},
        required=True,
        description="A month (2026-11) or a quarter (2026-Q4).",
    ),
]


def _required_period(request):
    if not request.query_params.get("period"):
        raise DomainError(
            _("Give the report's period: a month (2026-11) or a quarter (2026-Q4)."),
            code="required",
            attr="period",
        )
    return parse_period(request.query_params["period"], None, None)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class LocationPeriodReportView(APIView):
    """A location's period report as a PDF: scorecard, trend, phases against the region average,
    the norms most often missed, the loyalty ladder and the persona gap."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=PERIOD_REQUIRED, responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, pk):
        location = location_for(request.user, pk)
        period = _required_period(request)
        report = location_period_report(
            user=request.user,
            location=location,
            period=period,
            language=translation.get_language() or "en",
        )
        return _pdf(render_period_pdf(report), f"location-{location.pk}-{period.label}.pdf")


class RegionPeriodReportView(APIView):
    """A region's period report as a PDF: its locations ranked with their intervals, trend,
    phases, the norms most often missed, the loyalty ladder and the persona gap."""

    permission_classes = [IsAuthenticated, ReadsResults]

    @extend_schema(
        parameters=PERIOD_REQUIRED, responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, pk):
        region = region_for(request.user, pk)
        period = _required_period(request)
        report = region_period_report(
            user=request.user,
            region=region,
            period=period,
            language=translation.get_language() or "en",
        )
        return _pdf(render_period_pdf(report), f"region-{region.pk}-{period.label}.pdf")
