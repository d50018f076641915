from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from api.errors import DomainValidationError
from codex.importing import codex_import
from codex.services import codex_version_publish
from organizations.models import Client


class Command(BaseCommand):
    help = (
        "Import a codex file (.xlsx as exported, or .yaml) as a client's next draft version; "
        "every problem is listed and nothing is written unless the whole file is right."
    )

    def add_arguments(self, parser):
        parser.add_argument("client", help="The client's slug.")
        parser.add_argument("file", help="The spreadsheet or YAML file.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the draft and build its checklists."
        )

    def handle(self, *args, client, file, publish, **options):
        target = Client.objects.filter(slug=client).first()
        if target is None:
            raise CommandError(f"There is no client {client!r}; create it in /admin/ first.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            version = codex_import(
                client=target,
                content=path.read_bytes(),
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
            if publish:
                version = codex_version_publish(
                    version=version, progress=lambda message: self.stdout.write(f"  {message}")
                )
        except DomainValidationError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem['detail']}")
            raise CommandError(
                f"{error.message} Correct the file and import it again; nothing was written."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {version}."))
