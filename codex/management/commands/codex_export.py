from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from codex.document import export_document
from codex.formats import write_xlsx, write_yaml
from codex.models import CodexVersion


class Command(BaseCommand):
    help = (
        "Write a client's codex version as a spreadsheet (.xlsx) or YAML (.yaml) file: edit it "
        "and bring it back with codex_import."
    )

    def add_arguments(self, parser):
        parser.add_argument("client", help="The client's slug.")
        parser.add_argument("file", help="Where to write: a path ending in .xlsx or .yaml.")
        parser.add_argument("--version", type=int, help="The version's number (default newest).")
        parser.add_argument(
            "--language", default="en", help="The spreadsheet's headings: en, fi or hu."
        )

    def handle(self, *args, client, file, version, language, **options):
        versions = CodexVersion.objects.filter(client__slug=client).order_by("-number")
        if version is not None:
            versions = versions.filter(number=version)
        found = versions.first()
        if found is None:
            raise CommandError(
                f"{client} has no codex version{f' {version}' if version else ''}; "
                "see the versions in /admin/codex/codexversion/."
            )
        path = Path(file)
        if path.suffix not in (".xlsx", ".yaml", ".yml"):
            raise CommandError("Give a file name ending in .xlsx or .yaml.")
        document = export_document(found)
        with translation.override(language):
            body = write_xlsx(document) if path.suffix == ".xlsx" else write_yaml(document)
        path.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"Wrote {found} to {path}."))
