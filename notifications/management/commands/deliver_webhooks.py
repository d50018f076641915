import time

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from notifications.services import deliver_due


class Command(BaseCommand):
    help = (
        "Make the webhook deliveries that are due (retries after back-off). Without a job "
        "queue, run it now and then, or with --every to keep at it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Seconds between rounds; 0 runs one round."
        )

    def handle(self, *args, every: int, **options):
        while True:
            made = deliver_due()
            self.stdout.write(
                ngettext("%(count)d delivery attempted", "%(count)d deliveries attempted", made)
                % {"count": made}
            )
            if not every:
                return
            time.sleep(every)
