from celery import shared_task

from reports.jobs import run_report_job


@shared_task(name="reports.run_report_job")
def run_report_job_task(job_id: str) -> None:
    run_report_job(job_id)
