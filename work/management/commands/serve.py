import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "The embedded default in one command: the development web server with a background "
        "worker beside it (report jobs, webhooks, e-mails); both stop together. Arguments go "
        "to runserver (for example 0.0.0.0:8000)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="Where runserver listens.")

    def handle(self, *args, addrport: str | None, **options):
        # runserver's reloader runs this command again in a child process: one worker only.
        worker = None
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, sys.argv[0], "worker"])

            def stop(signum, frame):
                raise KeyboardInterrupt

            signal.signal(signal.SIGTERM, stop)  # as Ctrl-C: the worker stops too
        try:
            call_command("runserver", *([addrport] if addrport else []))
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=60)
