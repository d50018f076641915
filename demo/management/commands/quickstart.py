from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.services import DEMO_PASSWORD, demo_data_install


class Command(BaseCommand):
    help = "Create the database, the default codex and demo users, and print how to sign in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Where runserver listens."
        )

    def handle(self, *args, url: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "quickstart installs demo users with a known password and only runs with "
                "DJANGO_DEBUG on (the local settings). For production, run migrate and "
                "load_default_codex instead."
            )
        self.stdout.write("Migrating the database...")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Installing demo data...")
        users = demo_data_install(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS("\nReady."))
        self.stdout.write(f"  API docs:  {url}/api/docs/")
        self.stdout.write(f"  Admin:     {url}/admin/")
        self.stdout.write(f"  Demo users (password for all: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"    {user.username:<12} {user.description}")
        self.stdout.write(
            "  Try:  curl -s -X POST "
            f"{url}/api/v1/auth/token/ -H 'Content-Type: application/json' "
            f'-d \'{{"username": "auditor", "password": "{DEMO_PASSWORD}"}}\''
        )
