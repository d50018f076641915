from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from checklists.defaults import default_codex_install
from organizations.models import Client


class Command(BaseCommand):
    help = (
        "Install the default service codex (seven phases, six situations, norms from the seed "
        "texts, in English, Finnish and Hungarian) and its checklists for a client."
    )

    def add_arguments(self, parser):
        parser.add_argument("client", help="The client's slug; created when it does not exist.")
        parser.add_argument("--name", help="The client's name when it is created.")
        parser.add_argument(
            "--again",
            action="store_true",
            help="Install a new codex version even when the client already has one.",
        )

    def handle(self, *args, client: str, name: str | None, again: bool, **options):
        slug = slugify(client)
        if not slug:
            raise CommandError("Give the client's slug, for example: load_default_codex acme")
        target, created = Client.objects.get_or_create(
            slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
        )
        if not created and target.codex_versions.exists() and not again:
            self.stdout.write(
                f"{target} already has a codex; nothing to do (use --again for a new version)."
            )
            return
        version = default_codex_install(
            client=target, progress=lambda message: self.stdout.write(f"  {message}")
        )
        self.stdout.write(self.style.SUCCESS(f"Installed {version}."))
