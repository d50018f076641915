"""People read words, not keys: a crawler walks every surface a client's people read (the
portal's pages, the exports, the PDFs, the ZIP of a region's PDFs, the e-mails), as the regional
manager and the client admin of the demo, in English, Finnish and Hungarian, and fails on a code
key (a snake_case identifier) anywhere, and on an English word in Finnish or Hungarian text.

English words are those of the project's English texts (its messages, the reports' labels, the
default codex) that no Finnish or Hungarian text of the project uses (so "chat", "PDF" and
"e-mail" are words of every language); the demo's own names (its client, regions and
locations) are data, not text."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext
from pypdf import PdfReader

from accounts.models import User
from audits.models import Appeal, Audit
from notifications.models import EmailOptIn, EventKind
from organizations.models import Client as ClientModel
from organizations.models import Location, Region
from tests.conftest import api_as, run_background_work
from tests.test_glossary import _texts

LANGUAGES = ("en", "fi", "hu")
# A code key: lower-case words joined by underscores (``served_in_arrival_order``).
KEY = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
WORD = re.compile(r"[^\W\d_]{3,}")
# A number with a decimal point, where Finnish and Hungarian write a comma (not a date's dots).
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
# Pages of one kind are alike: the crawler reads this many of each (a URL with its numbers
# taken out is its kind), so it walks every kind of surface without every visit's PDF.
PER_KIND = 3


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text)}


# What a text names rather than says: placeholders and an API's parameters (``by=location``).
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|\{\w+\}|\w+=\w+")


def english_words() -> set[str]:
    """Words of the project's English texts that none of its Finnish or Hungarian texts use."""
    english, translated = set(), set()
    for language in ("fi", "hu"):
        for _where, source, text in _texts(language):
            english |= _words(NOT_WORDS.sub(" ", source))
            translated |= _words(NOT_WORDS.sub(" ", text))
    return english - translated


class _Text(HTMLParser):
    """What a person reads of a page in its language: its text outside scripts and styles, and
    the attributes that are read out or shown (titles, labels, alternative texts,
    placeholders). Text marked as in another language (``lang``, as each language's own name in
    the language menu) is not the page's."""

    READ = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.skipping = 0
        self.languages: list[tuple[str, str]] = []  # (tag, lang) of the elements open

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.skipping += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if attributes.get("lang"):
            self.languages.append((tag, attributes["lang"]))
        if not self.reading():
            return
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")
        self.parts += [attributes[name] or "" for name in self.READ if name in attributes]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1
        if self.languages and self.languages[-1][0] == tag:
            self.languages.pop()

    def reading(self) -> bool:
        """Whether the text here is in the page's own language."""
        return not self.skipping and (
            not self.languages or self.languages[-1][1] == self.languages[0][1]
        )

    def handle_data(self, data):
        if self.reading():
            self.parts.append(data)


def read(response) -> tuple[str, list[str]]:
    """A response's readable text and, for a page, its links."""
    kind = response.get("Content-Type", "").split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "text/html":
        parser = _Text()
        parser.feed(content.decode())
        return "\n".join(parser.parts), parser.links
    if kind == "application/pdf":
        return _pdf_text(content), []
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()[:PER_KIND]
            return "\n".join(
                [*archive.namelist(), *(_pdf_text(archive.read(name)) for name in names)]
            ), []
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        text = [sheet.title for sheet in book.worksheets]
        for sheet in book.worksheets:
            title, *rows = sheet.values
            text.append(title[0])
            text += _table_text(rows)
        return "\n".join(text), []
    if kind == "text/csv":
        text = content.decode()
        # For Excel in Finnish or Hungarian: cells between semicolons (with decimal commas).
        delimiter = ";" if text.startswith("\ufeff") and get_language() != "en" else ","
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))
        return "\n".join(_table_text(rows)), []
    raise AssertionError(f"{response.request['PATH_INFO']}: unexpected {kind}")


def _table_text(rows: list) -> list[str]:
    """An export's header and cells, but for its columns of codex keys, labelled "(code)" in
    the export's language: those are for programs, beside the words for people."""
    header, *rows = rows
    marker = f"({gettext('code')})"
    shown = [index for index, label in enumerate(header) if not label.endswith(marker)]
    return [header[index] for index in shown] + [
        str(row[index]) for row in rows for index in shown if isinstance(row[index], str)
    ]


def _pdf_text(content: bytes) -> str:
    # Words broken at a line's end come back hyphenated; joined, as a reader reads them.
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"-\n(?=\w)", "", text)


def _kind(url: str) -> str:
    """A URL with its ids and numbers taken out."""
    return re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d+", "N", url)


def _followed(url: str) -> bool:
    path = urlsplit(url).path
    return (
        path.startswith(("/portal/", "/api/v1/"))
        and not path.startswith(("/portal/sign-out/", "/api/v1/auth/"))
        and not url.startswith(("http:", "https:", "mailto:"))
    )


def crawl(client: Client, starts: list[str], language: str) -> dict[str, str]:
    """Every surface reachable from ``starts`` by following links: its URL and readable text.
    Of each kind of URL the first few are read."""
    found: dict[str, str] = {}
    per_kind: dict[str, int] = {}
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        if url in found or per_kind.get(_kind(url), 0) >= PER_KIND:
            continue
        per_kind[_kind(url)] = per_kind.get(_kind(url), 0) + 1
        with translation.override(_language(url, language)):
            response = client.get(url)
        if response.status_code in (301, 302):
            queue.appendleft(urljoin(url, response["Location"]))
            continue
        assert response.status_code == 200, (url, response.status_code)
        with translation.override(_language(url, language)):
            text, links = read(response)
        found[url] = text
        queue.extend(
            absolute
            for link in links
            if _followed(absolute := urljoin(url, link.split("#")[0])) and absolute not in found
        )
    return found


def _language(url: str, language: str) -> str:
    """The language of what ``url`` answers: a handbook's is in its address."""
    handbook = re.search(r"handbook-(\w+)\.pdf$", url)
    return handbook[1] if handbook else language


# An address in a text (an e-mail's link) is not words.
ADDRESS = re.compile(r"https?://\S+")


def problems(surfaces: dict[str, str], language: str, english: set[str], names: set[str]):
    """(where, what) for each code key, and each English word and decimal point in fi/hu text;
    a handbook in another language is read as that language."""
    found = []
    for where, text in surfaces.items():
        text = ADDRESS.sub(" ", text)
        for key in sorted(set(KEY.findall(text))):
            found.append((where, f"code key {key!r}"))
        if _language(where, language) != "en":
            for word in sorted(_words(KEY.sub(" ", text)) & english - names):
                found.append((where, f"English word {word!r}"))
            for number in sorted(set(DECIMAL_POINT.findall(text))):
                found.append((where, f"decimal point {number!r}"))
    return found


def _current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def _mails(language: str) -> dict[str, str]:
    """The e-mails the demo's people get, in the client's ``language``: an approval, a report
    ready, an appeal decided."""
    ClientModel.objects.update(language=language)
    people = list(User.objects.filter(username__in=["manager", "clientadmin"]))
    for person in people:
        person.email = f"{person.username}@demo.example"
        person.save()
        EmailOptIn.objects.update_or_create(
            user=person, defaults={"events": [kind.value for kind in EventKind]}
        )
    reviewer = User.objects.get(username="reviewer")
    mail.outbox.clear()
    for audit in Audit.objects.filter(status="submitted").order_by("pk")[:1]:
        response = api_as(reviewer).post(f"/api/v1/audits/{audit.pk}/approve/", {}, "json")
        assert response.status_code == 200, response.content
    manager = Client(HTTP_ACCEPT_LANGUAGE=language)
    manager.force_login(User.objects.get(username="manager"))
    region = Region.objects.order_by("pk").first()
    manager.post(f"/portal/regions/{region.pk}/pdfs/", {"period": _current_quarter()})
    run_background_work()
    assert mail.outbox, "no e-mail was sent"
    return {
        f"e-mail {index} to {message.to[0]}": f"{message.subject}\n{message.body}"
        for index, message in enumerate(mail.outbox)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_surface_a_client_reads_is_in_words_not_keys(settings, language):
    settings.DEBUG = True
    call_command("quickstart", stdout=io.StringIO())
    settings.DEBUG = False
    names = _words(
        " ".join(
            [
                *ClientModel.objects.values_list("name", flat=True),
                *Region.objects.values_list("name", flat=True),
                *Location.objects.own().values_list("name", flat=True),
                # The signed-in person's name, on every page.
                *User.objects.values_list("username", flat=True),
            ]
        )
    )
    english = english_words()
    period = _current_quarter()
    surfaces = _mails(language)
    for username in ("manager", "clientadmin"):
        user = User.objects.get(username=username)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        regions = list(
            (user.regions.all() if user.role == "regional_manager" else Region.objects.all())
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        locations = list(
            Location.objects.own()
            .filter(region__in=regions)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        starts = [
            "/portal/",
            *(f"/portal/regions/{pk}/?period={period}" for pk in regions),
            *(f"/portal/locations/{pk}/?period={period}" for pk in locations),
            "/portal/compare/?locations=" + ",".join(map(str, locations)),
            "/portal/notifications/",
            # The visits with an appeal (the demo's client admin has one open).
            *(
                f"/portal/visits/{pk}/"
                for pk in Appeal.objects.filter(
                    audit__assignment__location__region__in=regions
                ).values_list("audit_id", flat=True)
            ),
        ]
        # A region's PDFs are a job: its page, and the ZIP it links to when done.
        response = client.post(f"/portal/regions/{regions[0]}/pdfs/", {"period": period})
        run_background_work()
        starts.append(response["Location"])
        for url, text in crawl(client, starts, language).items():
            surfaces[f"{username} {url}"] = text
    signed_out = Client(HTTP_ACCEPT_LANGUAGE=language)
    surfaces.update(crawl(signed_out, ["/portal/sign-in/"], language))

    kinds = {_kind(urlsplit(where.split(" ")[-1]).path) for where in surfaces}
    # The crawl reached every kind of surface.
    for expected in (
        "/portal/",
        "/portal/visits/N/",
        "/portal/regions/N/norms/",
        "/portal/regions/N/competitors/",
        "/portal/codex/",
        "/api/vN/audits/N/report.pdf",
        "/api/vN/exports/answers.xlsx",
        "/api/vN/exports/audits.csv",
        "/api/vN/scores/regions/N/report.pdf",
        "/api/vN/jobs/N/download/",
        "/portal/codex/N/handbook-",
    ):
        assert any(kind.startswith(expected) for kind in kinds), (expected, sorted(kinds))
    # The demo's competitor store is audited, and never named to its client.
    competitors = list(Location.objects.filter(competitor=True).values_list("name", flat=True))
    assert competitors
    assert not [
        (where, name) for where, text in surfaces.items() for name in competitors if name in text
    ]
    found = problems(surfaces, language, english, names)
    assert not found, "\n".join(f"{where}: {what}" for where, what in found)


def test_the_checks_catch_a_key_and_an_english_word():
    english = english_words()
    assert {"score", "approved", "location"} <= english
    assert not {"chat", "pdf", "on"} & english
    surfaces = {
        "page": "Käyntejä 3. served_in_arrival_order 50 % score",
        "fine": "Tervehdittiin 8 sekunnissa: https://esimerkki.fi/a_b, info_x@esimerkki.fi",
    }
    assert problems(surfaces, "fi", english, set()) == [
        ("page", "code key 'served_in_arrival_order'"),
        ("page", "English word 'score'"),
    ]
