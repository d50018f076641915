"""Creating and running background report jobs."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.params import parse_flag
from reports.models import JobKind, JobStatus, ReportJob

logger = logging.getLogger(__name__)


def _hash(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def report_job_request(*, user, kind: str, params: dict, language: str) -> tuple[ReportJob, bool]:
    """The job for this request: the existing one when it was asked before (a failed one is
    queued again), otherwise a new one, started at once. Returns it and whether it is new."""
    params_hash = _hash(params)
    lookup = {"requested_by": user, "kind": kind, "params_hash": params_hash, "language": language}
    try:
        with transaction.atomic():
            job, created = ReportJob.objects.get_or_create(**lookup, defaults={"params": params})
    except IntegrityError:  # a concurrent twin made it first
        job, created = ReportJob.objects.get(**lookup), False
    if not created and job.status == JobStatus.FAILED:
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, error="", done=0, total=0, finished_at=None
        )
        created = True
    if created:
        _start(job)
        job.refresh_from_db()
    return job, created


def export_job_request(*, user, dataset: str, extension: str, query, language: str) -> ReportJob:
    """A large export as a job, from the export's query (text, as a URL has it) read as a POST
    to ``/jobs/`` would take it: ``ValidationError`` or ``DomainError`` for what it refuses."""
    from reports.selectors import EXPORT_PARAMS
    from reports.serializers import JobRequestSerializer

    filters = {name: value for name, value in query.items() if name in EXPORT_PARAMS}
    if "excel" in filters:  # the query's text, as the job's JSON has it
        filters["excel"] = parse_flag(filters["excel"], "excel")
    body = JobRequestSerializer(
        data={"kind": JobKind.EXPORT, "dataset": dataset, "extension": extension, **filters}
    )
    body.is_valid(raise_exception=True)
    params = {key: value for key, value in body.validated_data.items() if key != "kind"}
    job, _created = report_job_request(
        user=user, kind=JobKind.EXPORT, params=params, language=language
    )
    return job


def _start(job: ReportJob) -> None:
    if settings.CELERY_BROKER_URL:
        from config.celery import app  # noqa: F401 - makes the configured app current
        from reports.tasks import run_report_job_task

        run_report_job_task.delay(str(job.pk))
    else:
        run_report_job(job.pk)


def run_report_job(job_id) -> None:
    """Build the job's file. Safe to run twice: a job that is already done is left alone."""
    claimed = ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    )
    if not claimed:
        return
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        builder = {JobKind.REGION_PDFS: _region_pdfs, JobKind.EXPORT: _export}[job.kind]
        builder(job)
    except Exception as error:  # the reason is the job's to tell, not the worker's log's
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )


def _progress(job: ReportJob, done: int, total: int) -> None:
    ReportJob.objects.filter(pk=job.pk).update(done=done, total=total)


def _finish(job: ReportJob, handle, name: str) -> None:
    handle.seek(0)
    job.file.save(name, File(handle), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, file=job.file.name, finished_at=timezone.now()
    )
    requester = job.requested_by
    if requester.client_id is not None:
        from notifications.models import EventKind
        from notifications.services import notify

        notify(
            EventKind.REPORT_READY,
            client_id=requester.client_id,
            data={"job": str(job.pk), "kind": job.kind},
            only_user=requester,
        )


def _region_pdfs(job: ReportJob) -> None:
    from reports.pdf import render_audit_pdf
    from reports.selectors import audit_report, report_audits
    from scoring.selectors import Filters, parse_period, scores

    user = job.requested_by
    period = parse_period(job.params.get("period"), None, None)
    audit_ids = list(
        scores(user=user, filters=Filters(period=period))
        .filter(region_id=job.params["region"])
        .order_by("visited_at", "audit_id")
        .values_list("audit_id", flat=True)
    )
    audits = report_audits(user=user).filter(pk__in=audit_ids).in_bulk()
    _progress(job, 0, len(audit_ids))
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, audit_id in enumerate(audit_ids, start=1):
                report = audit_report(audit=audits[audit_id], language=job.language)
                visited = report.visited[:10]
                archive.writestr(
                    f"{visited}-{report.location}-audit-{audit_id}.pdf".replace("/", "-"),
                    render_audit_pdf(report),
                )
                _progress(job, index, len(audit_ids))
        _finish(job, handle, f"region-{job.params['region']}-{job.params.get('period', 'all')}.zip")


def _export(job: ReportJob) -> None:
    from reports import exports
    from reports.selectors import export_scores

    dataset, extension = job.params["dataset"], job.params["extension"]
    export = exports.DATASETS[dataset](
        export_scores(user=job.requested_by, params=job.params), job.language
    )
    _progress(job, 0, 1)
    if extension == "xlsx":
        with exports.xlsx_file(export) as handle:
            _finish(job, handle, f"{dataset}.xlsx")
        return
    with tempfile.TemporaryFile("w+b") as handle:
        for line in exports.csv_lines(export, excel=job.params.get("excel", False)):
            handle.write(line.encode())
        _finish(job, handle, f"{dataset}.csv")
