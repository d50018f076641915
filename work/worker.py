"""The background worker: everything that runs beside the phone's requests — report jobs,
webhook deliveries, notification e-mails — is a row with a lease, written by the request that
asks for it. A worker claims a row (moving its lease ahead), does the work, and writes the
outcome under its claim; a worker that stops leaves the lease to run out, and the row is then
taken over by another (or, past its attempts, ends ``failed`` saying why).

Two ways to run it, with the same rows and the same claims:
- ``manage.py worker``: polls the rows (the embedded default: no other service);
- Celery (``CELERY_BROKER_URL``): the request hands each row's id to the queue, a task claims
  it (late acknowledgement; a task whose worker died is delivered again), and the beat runs
  ``sweep`` every 30 seconds for rows whose task was lost.
Both may run together: the lease decides who works.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

# How many rows of each kind one sweep hands out at most (the next sweep takes the rest).
SWEEP_LIMIT = 500


def _worker_statement_timeout(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            milliseconds = int(settings.WORKER_STATEMENT_TIMEOUT * 1000)
            cursor.execute(f"SET statement_timeout = {milliseconds}")


def become_worker(*, reconnect: bool = True) -> None:
    """This process is a worker: its statements may run longer than a request's (a region's
    quarter as a ZIP reads thousands of audits). Every connection it opens from now on says
    so; with ``reconnect``, those it had are closed."""
    connection_created.connect(_worker_statement_timeout, dispatch_uid="worker-statement-timeout")
    if reconnect:
        connections.close_all()


@dataclass(frozen=True)
class Kind:
    """A kind of background work: how to find what is due (up to a number), how to run one,
    how to hand one to Celery, how many a worker takes in one round, and how many threads of a
    worker process run it (deliveries mostly wait on the network)."""

    name: str
    due: Callable[[int], list]
    run: Callable[[object], bool]
    enqueue: Callable[[object], None]
    batch: int = 100
    threads: int = 1


def kinds() -> list[Kind]:
    from notifications import services as notifications
    from reports import jobs

    def due_jobs(limit: int) -> list:
        jobs.fail_abandoned_jobs()
        return jobs.due_jobs(limit)

    return [
        Kind(
            "webhook delivery",
            notifications.due_deliveries,
            notifications.deliver,
            lambda pk: notifications._enqueue(pk, 0),
            threads=settings.WORKER_DELIVERY_THREADS,
        ),
        Kind(
            "e-mail",
            notifications.due_mails,
            notifications.send_mail,
            lambda pk: notifications._enqueue_mail(pk, 0),
        ),
        # One job a round: a report is long, and a second one waits for the next round.
        Kind("report job", due_jobs, jobs.run_report_job, jobs._enqueue, batch=1),
    ]


def _run_due(kind: Kind, shuffle: bool = False) -> int:
    due = kind.due(kind.batch)
    if shuffle:  # threads of one kind start at different rows, so they seldom meet
        random.shuffle(due)
    ran = 0
    for pk in due:
        try:
            ran += bool(kind.run(pk))
        except Exception:  # one broken row must not stop the worker; its lease runs out
            logger.exception("Background %s %s failed", kind.name, pk)
    return ran


def run_once() -> int:
    """One round of every kind in turn, in this thread; how many ran."""
    return sum(_run_due(kind) for kind in kinds())


def drain(rounds: int = 50) -> int:
    """Run rounds until nothing is due (tests, and ``worker --once``); how many ran."""
    total = 0
    for _round in range(rounds):
        ran = run_once()
        total += ran
        if not ran:
            break
    return total


def serve(stop: Callable[[], bool] = lambda: False) -> None:
    """Work until ``stop()``: each kind in threads of its own, so a long report never holds up
    a delivery and endpoints that hang never hold up a report."""
    threads = [
        threading.Thread(target=_serve_kind, args=(kind, stop), name=f"{kind.name} {number}")
        for kind in kinds()
        for number in range(kind.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _serve_kind(kind: Kind, stop: Callable[[], bool]) -> None:
    """A round, then a pause when it found nothing. A database that fails is waited out, not
    a reason to exit."""
    try:
        while not stop():
            close_old_connections()
            try:
                ran = _run_due(kind, shuffle=True)
            except DatabaseError as error:  # the database is away: one line, and wait
                logger.warning("The worker cannot reach the database (%s); waiting", error)
                ran = 0
            except Exception:
                logger.exception("The worker's round of %s failed; trying again", kind.name)
                ran = 0
            if not ran:
                time.sleep(settings.WORKER_POLL_SECONDS)
    finally:
        connections.close_all()


def sweep() -> int:
    """Hand to Celery every row whose time has come and whose task may have been lost: due
    deliveries and e-mails, queued jobs and jobs whose lease ran out. A row handed out twice
    is claimed once. How many were handed out."""
    handed = 0
    for kind in kinds():
        for pk in kind.due(SWEEP_LIMIT):
            kind.enqueue(pk)
            handed += 1
    return handed
