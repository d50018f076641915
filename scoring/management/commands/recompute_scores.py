import sys

from django.core.management.base import BaseCommand

from audits.constants import AuditStatus
from audits.models import Audit
from scoring.rules import RULES_VERSION
from scoring.services import scores_recompute


class Command(BaseCommand):
    help = "Recompute the stored scores of approved audits, for example after a rule change."

    def add_arguments(self, parser):
        parser.add_argument("--client", help="Only this client's audits (its slug).")
        parser.add_argument(
            "--outdated",
            action="store_true",
            help=f"Only audits scored with rules older than version {RULES_VERSION}.",
        )

    def handle(self, *args, client=None, outdated=False, **options):
        audits = Audit.objects.filter(status=AuditStatus.APPROVED).order_by("pk")
        if client:
            audits = audits.filter(assignment__client__slug=client)
        if outdated:
            audits = audits.exclude(score__rules_version=RULES_VERSION)
        total = audits.count()
        if not total:
            self.stdout.write("Nothing to recompute.")
            return
        width = 40

        def progress(done: int) -> None:
            if done == total or done % max(1, total // 100) == 0:
                filled = width * done // total
                bar = "#" * filled + "-" * (width - filled)
                self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
                self.stdout.flush()

        count = scores_recompute(audits=audits.iterator(chunk_size=500), progress=progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Recomputed {count} audits with rules version {RULES_VERSION}.")
        )
        sys.stdout.flush()
