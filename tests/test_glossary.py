"""One vocabulary (locale/glossary.yaml): no Finnish or Hungarian text a person reads uses a term
the glossary forbids: the API's and the portal's messages, the reports' labels (PDFs and
exports), and the default codex."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from reports.labels import CHANNELS, LABELS, LADDER
from tests.api.test_messages import _catalog_entries

BASE = Path(settings.BASE_DIR)
GLOSSARY = yaml.safe_load((BASE / "locale" / "glossary.yaml").read_text())["terms"]


def _texts(language: str) -> list[tuple[str, str, str]]:
    """(where, English source, text) for every text in ``language``."""
    found = []
    for msgid, strings in _catalog_entries(language).items():
        found += [("django.po", msgid, text) for text in strings]
    for table in (LABELS, CHANNELS, LADDER):
        english = table["en"]
        found += [
            ("reports/labels.py", english.get(key, key), text)
            for key, text in table[language].items()
        ]
    codex = yaml.safe_load((BASE / "codex" / "default_codex.yaml").read_text())

    def walk(value, source):
        if isinstance(value, dict):
            if language in value and "en" in value and isinstance(value[language], str):
                found.append(("default_codex.yaml", value["en"], value[language]))
            for child in value.values():
                walk(child, source)
        elif isinstance(value, list):
            for child in value:
                walk(child, source)

    walk(codex, "")
    return found


def test_the_glossary_has_a_term_in_every_language():
    for entry in GLOSSARY:
        assert all(entry.get(language) for language in ("en", "fi", "hu")), entry["concept"]


@pytest.mark.parametrize("language", ["fi", "hu"])
def test_no_text_uses_a_term_the_glossary_forbids(language):
    texts = _texts(language)
    assert len(texts) > 500  # the catalog, the labels and the codex were all read
    found = []
    for entry in GLOSSARY:
        scope = re.compile(entry["only_for"], re.IGNORECASE) if entry.get("only_for") else None
        for pattern in entry.get("forbid", {}).get(language, []):
            rule = re.compile(pattern, re.IGNORECASE)
            for where, source, text in texts:
                if scope and not scope.search(source):
                    continue
                # A placeholder (%(personas)d) is a name for the code, not a word.
                if rule.search(re.sub(r"%\(\w+\)\w", "", text)):
                    found.append(f"{where}: {source!r} -> {text!r} ({entry['concept']})")
    assert found == []


def test_a_forbidden_term_is_caught():
    """The check itself: the words the review found are what it refuses."""
    rules = {
        language: [
            re.compile(pattern, re.IGNORECASE)
            for entry in GLOSSARY
            for pattern in entry.get("forbid", {}).get(language, [])
        ]
        for language in ("fi", "hu")
    }
    for language, slip in [
        ("fi", "Jätä valitus"),
        ("fi", "Useimmin alittuneet normit"),
        ("fi", "Tällaista toimipaikkaa ei ole."),
        ("hu", "Fellebbezés"),
        ("hu", "Ellenőrzések (Excel)"),
        ("hu", "Mutasd"),
    ]:
        assert any(rule.search(slip) for rule in rules[language]), slip
    for language, fine in [
        ("fi", "Tutkimustoimiston tarkastajat"),
        ("fi", "Reklamaatioon suhtaudutaan lempeästi"),
        ("hu", "Ellenőrzési pont"),
        ("hu", "Megbízó"),
    ]:
        assert not any(rule.search(fine) for rule in rules[language]), fine
