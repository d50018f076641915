"""Reads of a client's codex that pages need often and that change only when a version is
published."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf

from codex.constants import VersionStatus
from codex.models import Norm, Persona, Phase, ServiceChannel, Situation

# A day: the entries are dropped when a version is published (``codex_choices_forget``).
CHOICES_SECONDS = 24 * 3600


def readable_language(language: str) -> str:
    """``language`` if the codex has texts in it, else the language every text has."""
    if language in dict(settings.LANGUAGES):
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def text_in(path: str, language: str) -> Coalesce:
    """A codex text (``path``, as ``name`` or ``item__text``) in ``language``, in English where
    it has none: for annotations, so a read gives every row's words at once."""
    return Coalesce(
        NullIf(F(f"{path}_{language}"), Value("")), F(f"{path}_en"), output_field=CharField()
    )


def _choices_key(client_id: int | None, language: str) -> str:
    return f"codex:choices:v2:{client_id or 'all'}:{language}"


def codex_choices(client_id: int | None, language: str) -> dict[str, list[tuple[str, str]]]:
    """The situations, personas and channels of a client's published codex versions (every client's
    for ``None``), by key with the newest version's name in ``language`` (English where it has
    none), sorted by name. Cached until a version is published."""
    key = _choices_key(client_id, language)
    found = cache.get(key)
    if found is None:
        found = _choices(client_id, language)
        cache.set(key, found, CHOICES_SECONDS)
    return found


def codex_choices_forget(client_id: int) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    cache.delete_many(
        [_choices_key(client, language) for client in (client_id, None) for language in languages]
    )


def _choices(client_id: int | None, language: str) -> dict[str, list[tuple[str, str]]]:
    language = readable_language(language)
    versions = {"codex_version__status": VersionStatus.PUBLISHED}
    if client_id is not None:
        versions["codex_version__client_id"] = client_id
    label = text_in("name", language)

    def rows(model, kind):
        return (
            model.objects.filter(**versions)
            .annotate(kind=Value(kind), shown=label, number=F("codex_version__number"))
            .values_list("kind", "key", "shown", "number")
            .order_by()
        )

    found: dict[str, dict[str, str]] = {"situation": {}, "persona": {}, "channel": {}}
    statement = rows(Situation, "situation").union(
        rows(Persona, "persona"), rows(ServiceChannel, "channel"), all=True
    )
    for kind, key, name, _number in sorted(statement, key=lambda row: row[3]):
        found[kind][key] = name
    return {
        "situations": sorted(found["situation"].items(), key=lambda pair: pair[1]),
        "personas": sorted(found["persona"].items(), key=lambda pair: pair[1]),
        # Channels in the codex's own order is not kept across versions; by name, as the rest.
        "channels": sorted(found["channel"].items(), key=lambda pair: pair[1]),
    }


def codex_changes(version):
    """The version before ``version`` (``codex_version_before``) and every change from it, in
    the active language (none for a client's first version)."""
    from codex.diff import codex_diff
    from codex.document import export_document

    against = codex_version_before(version)
    if against is None:
        return None, []
    return against, codex_diff(export_document(against), export_document(version))


def reads_codex(user) -> bool:
    """Who reads codex versions at all: the agency, and a client's admins (their own client's,
    ``codex_versions_visible``)."""
    from accounts.constants import AGENCY_ROLES, Role

    return bool(
        user
        and user.is_authenticated
        and (user.role in AGENCY_ROLES or user.role == Role.CLIENT_ADMIN)
    )


def codex_versions_visible(user):
    """The codex versions ``user`` may read: every client's for the agency, their own client's
    for a client admin (the codex is the client's document), none for anyone else."""
    from accounts.constants import Role
    from api.access import reader_scope
    from codex.models import CodexVersion

    scope = reader_scope(user)
    versions = CodexVersion.objects.select_related("client")
    if scope.agency:
        return versions
    if scope.role == Role.CLIENT_ADMIN and scope.clients:
        return versions.filter(client_id__in=scope.clients)
    return versions.none()


def codex_version_before(version):
    """The client's newest published version other than ``version`` and older than it: what a
    draft is compared with before it is published."""
    from codex.models import CodexVersion

    return (
        CodexVersion.objects.filter(
            client_id=version.client_id,
            status=VersionStatus.PUBLISHED,
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class Names:
    """What a person reads for a key of the codex, in one language: phases' and situations'
    names, norms' rules, personas' names."""

    phases: dict[str, str] = field(default_factory=dict)
    situations: dict[str, str] = field(default_factory=dict)
    norms: dict[str, str] = field(default_factory=dict)
    personas: dict[str, str] = field(default_factory=dict)


def codex_names(language: str, *, client_id: int | None = None, location_id: int | None = None):
    """The words for a client's codex keys (the client's, or the client of a location) in
    ``language`` (English where a text has none), from its published versions, the newest
    version's where they differ; one read. Figures count by key across versions, so a key an
    older version had keeps that version's words."""
    language = readable_language(language)
    versions = {"codex_version__status": VersionStatus.PUBLISHED}
    if client_id is not None:
        versions["codex_version__client_id"] = client_id
    if location_id is not None:
        versions["codex_version__client__locations"] = location_id

    def rows(model, kind: str, text: str):
        return (
            model.objects.filter(**versions)
            .annotate(
                kind=Value(kind), shown=text_in(text, language), number=F("codex_version__number")
            )
            .values_list("kind", "key", "shown", "number")
            .order_by()
        )

    statement = rows(Phase, "phases", "name").union(
        rows(Situation, "situations", "name"),
        rows(Norm, "norms", "rule"),
        rows(Persona, "personas", "name"),
        all=True,
    )
    names = Names()
    for kind, key, text, _number in sorted(statement, key=lambda row: row[3]):
        getattr(names, kind)[key] = text
    return names
