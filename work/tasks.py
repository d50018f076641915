from celery import shared_task

from work.worker import sweep


@shared_task(name="work.sweep")
def sweep_task() -> None:
    """Run by the beat: work whose task was lost (a broker restart, a task dropped) is handed
    out again."""
    sweep()
