import signal

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from work.worker import become_worker, drain, serve


class Command(BaseCommand):
    help = (
        "Run background work: report jobs, webhook deliveries and notification e-mails. Keep "
        "one running beside the web server (more are safe: each piece of work is leased to "
        "one worker). --once runs what is due now and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")

    def handle(self, *args, once: bool, **options):
        if once:
            become_worker(reconnect=False)
            ran = drain()
            self.stdout.write(
                ngettext("%(count)d piece of work done.", "%(count)d pieces of work done.", ran)
                % {"count": ran}
            )
            return
        become_worker()
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("Worker started; Ctrl-C (or SIGTERM) stops it after the current work.")
        serve(stop=lambda: bool(stopping))
