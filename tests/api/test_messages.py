"""Error messages in the reader's language (en, fi, hu): through the API as the phone and the
manager meet them, and a check that no text marked for translation lacks one."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.audits.conftest import visit_payload
from tests.conftest import api_as

LANGUAGES = ("fi", "hu")
SOURCE_DIRS = [
    "accounts",
    "api",
    "audits",
    "checklists",
    "codex",
    "config",
    "organizations",
    "notifications",
    "reports",
    "scoring",
    "work",
]
TRANSLATING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}


def _catalog_entries(language: str) -> dict[str, list[str]]:
    """msgid -> msgstr (or plural msgstrs) of a .po file; a small reader for the few forms
    makemessages writes."""
    text = (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries: dict[str, list[str]] = {}
    for block in text.split("\n\n")[1:]:
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields:
            continue
        decode = lambda value: value.encode().decode("unicode_escape").encode("latin-1").decode()  # noqa: E731
        strings = [decode(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[decode(fields["msgid"])] = strings
    return entries


def _marked_in_source() -> set[str]:
    """Every literal passed to a translating function in the project's own code."""
    found = set()
    for folder in SOURCE_DIRS:
        for path in Path(settings.BASE_DIR, folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in TRANSLATING
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_text_has_a_translation_and_the_compiled_catalog_is_current(language):
    entries = _catalog_entries(language)
    marked = _marked_in_source()
    assert len(marked) > 80  # the reader found the project's texts
    assert marked - set(entries) == set(), "run makemessages and translate the new texts"
    untranslated = [msgid for msgid, strings in entries.items() if not all(strings)]
    assert untranslated == []
    compiled = gettext.GNUTranslations(
        (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb")
    )
    stale = [msgid for msgid, strings in entries.items() if compiled.gettext(msgid) != strings[0]]
    assert stale == [], "run compilemessages"


def _detail(response, attr=None) -> str:
    errors = response.json()["errors"]
    return next(e["detail"] for e in errors if attr is None or e["attr"] == attr)


def test_a_submission_that_does_not_fit_is_explained_in_finnish(world, field):
    payload = visit_payload(field.assignment)
    payload["answers"]["mood"] = {"value": "good"}
    response = api_as(world.auditor).post(
        "/api/v1/submissions/", payload, format="json", HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 400
    assert _detail(response, "answers.mood.value") == "Vastaa luvulla."


def test_a_file_that_is_no_photo_is_explained_in_hungarian(world, field, submitted):
    client = api_as(world.auditor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "hu"
    response = client.post(
        "/api/v1/photos/",
        {
            "id": "b4b8a4f5-0c58-4c7e-9d5d-0c8f3b8f1a11",
            "submission": submitted,
            "item": "entrance",
            "file": _text_file(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert _detail(response) == "Ez nem JPEG, PNG, WebP vagy HEIC/HEIF kép, vagy sérült."


def _text_file():
    return SimpleUploadedFile("photo.jpg", b"a shopping list, not a photo")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Give a month (2026-11) or a quarter (2026-Q4) of the years 1970 to 2099."),
        ("fi", "Anna kuukausi (2026-11) tai vuosineljännes (2026-Q4) vuosilta 1970\u20132099."),
        ("hu", "Adjon meg egy hónapot (2026-11) vagy negyedévet (2026-Q4) 1970 és 2099 között."),
    ],
)
def test_a_manager_is_told_of_a_bad_period_in_their_language(world, language, expected):
    response = api_as(world.regional_manager).get(
        f"/api/v1/scores/regions/{world.region.pk}/leaderboard/",
        {"period": "2026-13"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert _detail(response, "period") == expected


def test_errors_before_any_view_speak_the_readers_language(world):
    client = api_as(world.client_admin)
    unmatched = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="hu")
    assert unmatched.status_code == 404
    assert _detail(unmatched) == "Nem található."
    nul = client.get("/api/v1/locations/", {"region": "1\x00"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert nul.status_code == 400
    assert _detail(nul, "region") == "Kyselyparametreissa ei saa olla NUL-merkkiä."


def test_a_failed_sign_in_is_explained_in_finnish(world):
    response = api_as(None).post(
        "/api/v1/auth/token/",
        {"username": "rm", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 400
    assert _detail(response) == (
        "Kirjautuminen ei onnistu annetulla käyttäjätunnuksella ja salasanalla."
    )
