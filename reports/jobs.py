"""Creating and running background report jobs."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import time
import uuid
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import ngettext

from api.params import parse_flag
from reports.models import JobKind, JobStatus, ReportJob

logger = logging.getLogger(__name__)

# A job is claimed at most this many times: a job that stops its worker every time (it runs
# out of memory, say) ends failed rather than taking every worker down in turn.
JOB_ATTEMPTS = 3
# A CSV export renews its lease every so many lines.
RENEW_EVERY_LINES = 20_000


def _hash(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def report_job_request(*, user, kind: str, params: dict, language: str) -> tuple[ReportJob, bool]:
    """The job for this request: the existing one when it was asked before (a failed one is
    queued again, its attempts forgotten), otherwise a new one, queued for the workers. Returns
    it and whether it is new (or queued again)."""
    params_hash = _hash(params)
    lookup = {"requested_by": user, "kind": kind, "params_hash": params_hash, "language": language}
    try:
        with transaction.atomic():
            job, created = ReportJob.objects.get_or_create(**lookup, defaults={"params": params})
    except IntegrityError:  # a concurrent twin made it first
        job, created = ReportJob.objects.get(**lookup), False
    if not created and job.status == JobStatus.FAILED:
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, error="", done=0, total=0, finished_at=None, attempts=0
        )
        job.refresh_from_db()
        created = True
    if created:
        _start(job)
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
    """Hand the job to the workers once the request's transaction commits: to Celery's queue
    when there is one, else it waits for ``manage.py worker`` (which polls for it). Either way
    the request answers at once."""
    if settings.CELERY_BROKER_URL:
        transaction.on_commit(lambda: _enqueue(job.pk))


def _enqueue(job_id) -> None:
    from config.celery import app  # noqa: F401 - makes the configured app current
    from reports.tasks import run_report_job_task

    run_report_job_task.delay(str(job_id))


class LeaseLost(Exception):
    """Another worker took the job over: this one stops, writing nothing more."""


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _claimable(now) -> Q:
    """Queued, or running under a lease that has expired with claims left."""
    return Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, lease_expires_at__lt=now, attempts__lt=JOB_ATTEMPTS
    )


def due_jobs(limit: int = 10) -> list:
    """Jobs a worker may claim now."""
    return list(
        ReportJob.objects.filter(_claimable(timezone.now()))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def fail_abandoned_jobs() -> int:
    """Jobs whose worker stopped (lease expired) on their last attempt end ``failed``, saying
    why; asking for the report again starts it afresh. How many."""
    now = timezone.now()
    abandoned = list(
        ReportJob.objects.filter(
            status=JobStatus.RUNNING, lease_expires_at__lt=now, attempts__gte=JOB_ATTEMPTS
        ).values_list("pk", "attempts", "language")
    )
    for pk, attempts, language in abandoned:
        with translation.override(language):
            error = ngettext(
                "The worker building this report stopped before it was done, %(count)d time. "
                "Ask for the report again.",
                "The worker building this report stopped before it was done, %(count)d times. "
                "Ask for the report again.",
                attempts,
            ) % {"count": attempts}
        ReportJob.objects.filter(pk=pk, status=JobStatus.RUNNING, lease_expires_at__lt=now).update(
            status=JobStatus.FAILED, error=error, finished_at=now, lease_token=None
        )
    return len(abandoned)


def run_report_job(job_id) -> bool:
    """Claim the job and build its file; whether it was claimed. Safe to run any number of
    times, anywhere: only one worker holds the job's lease, a job that is done is left alone,
    and a job whose worker stopped is taken over once its lease has expired."""
    now, token = timezone.now(), uuid.uuid4()
    claimed = ReportJob.objects.filter(_claimable(now), pk=job_id).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        lease_token=token,
        lease_expires_at=now + _lease(),
        done=0,
    )
    if not claimed:
        return False
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        builder = {JobKind.REGION_PDFS: _region_pdfs, JobKind.EXPORT: _export}[job.kind]
        builder(job)
    except LeaseLost:
        logger.warning("Report job %s was taken over by another worker", job.pk)
    except (OperationalError, InterfaceError) as error:
        # The database went away, not the job: give the claim back once it is reachable again,
        # so an outage does not use up the job's claims.
        logger.warning("Report job %s paused, the database is unreachable: %s", job.pk, error)
        _give_back(job)
    except Exception as error:  # the reason is the job's to tell, not the worker's log's
        logger.exception("Report job %s failed", job.pk)
        _held(job).update(
            status=JobStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
            lease_token=None,
        )
    return True


def _give_back(job: ReportJob) -> None:
    """Queue the job again without counting this claim, trying until the lease would have run
    out anyway (after that, the next worker takes it over as usual)."""
    deadline = time.monotonic() + settings.JOB_LEASE_SECONDS
    while time.monotonic() < deadline:
        try:
            _held(job).update(
                status=JobStatus.QUEUED,
                attempts=F("attempts") - 1,
                lease_token=None,
                lease_expires_at=None,
                done=0,
            )
            return
        except (OperationalError, InterfaceError):
            connection.close()
            time.sleep(1)


def _held(job: ReportJob):
    """The job's row, as long as this worker still holds its lease."""
    return ReportJob.objects.filter(pk=job.pk, lease_token=job.lease_token)


def _progress(job: ReportJob, done: int, total: int) -> None:
    """Record progress and renew the lease; ``LeaseLost`` when another worker has the job."""
    if not _held(job).update(done=done, total=total, lease_expires_at=timezone.now() + _lease()):
        raise LeaseLost


def _finish(job: ReportJob, handle, name: str) -> None:
    handle.seek(0)
    job.file.save(name, File(handle), save=False)
    with transaction.atomic():
        finished = _held(job).update(
            status=JobStatus.SUCCEEDED,
            file=job.file.name,
            finished_at=timezone.now(),
            lease_token=None,
        )
        if not finished:
            transaction.on_commit(lambda: job.file.storage.delete(job.file.name))
            raise LeaseLost
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
        lines = exports.csv_lines(export, excel=job.params.get("excel", False))
        for number, line in enumerate(lines, start=1):
            handle.write(line.encode())
            if number % RENEW_EVERY_LINES == 0:
                _progress(job, 0, 1)  # renews the lease
        _finish(job, handle, f"{dataset}.csv")
