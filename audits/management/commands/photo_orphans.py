"""Find, and with --delete remove, stored photo files that no photo row names."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from audits.selectors import photo_orphans


class Command(BaseCommand):
    help = (
        "List stored photo files that no photo row names (left by a worker killed between "
        "writing a photo and committing it), older than --older-than hours. Nothing is removed "
        "without --delete: run it once without, read the list, then again with --delete."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=24.0,
            metavar="HOURS",
            help="Only files last written more than this many hours ago (default 24). Younger "
            "files may belong to an upload committing right now.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Remove them (without it: a dry run)."
        )

    def handle(self, *args, older_than: float, delete: bool, **options):
        if older_than < 0:
            raise CommandError("--older-than takes a number of hours of 0 or more.")
        found = 0
        for name in photo_orphans(older_than=timedelta(hours=older_than)):
            found += 1
            if delete:
                default_storage.delete(name)
                self.stdout.write(f"removed {name}")
            else:
                self.stdout.write(f"orphan {name}")
            if found % 100 == 0:
                self.stderr.write(f"... {found} so far")
        if delete:
            self.stdout.write(self.style.SUCCESS(f"Removed {found} orphan file(s)."))
        elif found:
            self.stdout.write(
                self.style.WARNING(
                    f"{found} orphan file(s) found; nothing removed. Run again with --delete to "
                    "remove them."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("No orphan files."))
