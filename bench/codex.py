"""Importing a codex spreadsheet of 300 items in three languages, against bulk-inserting the same
rows already checked (the floor: what any import has to write), and against the 2 s target."""

from __future__ import annotations

import copy
import statistics
import sys

from bench.common import interleaved, report, run_id

ITEMS = 300


class _RolledBack(Exception):
    pass


def scaled_document(document, items: int):
    """The default codex grown to ``items`` items: its checkpoints, norms, items and choices
    copied under new keys, as a client with a long codex would have them."""
    sheets = copy.deepcopy(document.sheets)
    base = {name: list(sheets[name]) for name in ("checkpoints", "norms", "items", "choices")}
    copies = 0
    while len(sheets["items"]) < items:
        copies += 1
        suffix = f"_{copies}"
        renamed = {row["key"]: row["key"] + suffix for row in base["items"]}
        for row in base["checkpoints"]:
            sheets["checkpoints"].append({**row, "key": row["key"] + suffix})
        for row in base["norms"]:
            sheets["norms"].append(
                {**row, "key": row["key"] + suffix, "checkpoint": row["checkpoint"] + suffix}
            )
        for row in base["items"]:
            sheets["items"].append(
                {
                    **row,
                    "key": renamed[row["key"]],
                    "checkpoint": row["checkpoint"] + suffix,
                    "norm": row["norm"] + suffix if row["norm"] else None,
                    "condition_item": renamed.get(row["condition_item"]),
                    "text_en": f"{row['text_en']} ({copies})",
                }
            )
        for row in base["choices"]:
            sheets["choices"].append({**row, "item": renamed[row["item"]]})
    kept = {row["key"] for row in sheets["items"][:items]}
    sheets["items"] = sheets["items"][:items]
    sheets["choices"] = [row for row in sheets["choices"] if row["item"] in kept]
    document.sheets = sheets
    return document


def run(rounds: int) -> bool:
    from django.db import transaction
    from django.utils import translation

    from checklists.defaults import default_codex_install
    from codex.document import export_document
    from codex.formats import write_xlsx
    from codex.importing import check, codex_import, write_draft
    from organizations.models import Client

    print("Building data: the default codex, grown to 300 items...", file=sys.stderr)
    name = run_id()
    client = Client.objects.create(name=f"Bench {name}", slug=f"bench-{name}")
    version = default_codex_install(client=client)
    document = scaled_document(export_document(version), ITEMS)
    with translation.override("fi"):
        content = write_xlsx(document)
    clean, problems = check(content)
    assert not problems, problems[:3]
    print(
        f"Spreadsheet: {len(content)} bytes; {len(clean['items'])} items, "
        f"{len(clean['norms'])} norms, {len(clean['checkpoints'])} checkpoints, "
        f"{len(clean['choices'])} choices, {len(clean['steps'])} steps",
        file=sys.stderr,
    )

    def rolled_back(fn):
        def once():
            try:
                with transaction.atomic():
                    fn()
                    raise _RolledBack
            except _RolledBack:
                pass

        return once

    times = interleaved(
        {
            "import": rolled_back(lambda: codex_import(client=client, content=content)),
            "bulk insert": rolled_back(
                lambda: write_draft(client=client, clean=clean, progress=None)
            ),
        },
        max(5, rounds // 50),
        warmup=1,
    )
    print("\nCodex import. floor: bulk-inserting the same rows, already read and checked.")
    ok = report(
        "import 300-item spreadsheet vs bulk insert", times["import"], times["bulk insert"], 3.0
    )
    median = statistics.median(times["import"])
    within = median <= 2.0
    print(
        f"{'import 300-item spreadsheet, absolute':<46} {median * 1000:9.1f} ms   "
        f"{'ok (target 2 s)' if within else 'OVER target 2 s'}",
        flush=True,
    )
    return ok and within and install(rounds) and handbook(version, rounds)


def install(rounds: int) -> bool:
    """Installing the default codex for a new client, as the quickstart and most tests do:
    read its YAML, check it, write the draft and publish it with its 28 checklists. The floor
    is bulk-inserting the draft's rows alone (the checklists' rows come on top). No target."""
    from django.db import transaction

    from checklists.defaults import DEFAULT_CODEX, default_codex_install
    from codex.importing import check, write_draft
    from organizations.models import Client

    clean, problems = check(DEFAULT_CODEX.read_bytes())
    assert not problems, problems[:3]

    def rolled_back(fn):
        def once():
            try:
                with transaction.atomic():
                    client = Client.objects.create(name=f"Install {run_id()}", slug=run_id())
                    fn(client)
                    raise _RolledBack
            except _RolledBack:
                pass

        return once

    times = interleaved(
        {
            "install": rolled_back(lambda client: default_codex_install(client=client)),
            "draft insert": rolled_back(
                lambda client: write_draft(client=client, clean=clean, progress=None)
            ),
        },
        max(5, rounds // 50),
        warmup=1,
    )
    print("\nDefault codex install. floor: bulk-inserting its draft's rows, read and checked.")
    report(
        "install the default codex vs draft insert", times["install"], times["draft insert"], None
    )
    return True


def handbook(version, rounds: int) -> bool:
    """The default codex's handbook PDF, in each language, against the 5 s target; the floor is
    the same document's text laid out by reportlab from memory (no database)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from codex.handbook import render_handbook_pdf
    from reports.pdf import _register_fonts, _styles

    _register_fonts()
    styles = _styles()
    pdf = render_handbook_pdf(version, "fi")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    print(
        f"Handbook: {len(pdf)} bytes, {len(reader.pages)} pages, {len(lines)} lines",
        file=sys.stderr,
    )

    def floor():
        import io as _io

        SimpleDocTemplate(_io.BytesIO(), pagesize=A4).build(
            [
                Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), styles.body)
                for line in lines
            ]
        )

    times = interleaved(
        {
            **{
                language: (lambda language=language: render_handbook_pdf(version, language))
                for language in ("en", "fi", "hu")
            },
            "floor": floor,
        },
        max(5, rounds // 100),
        warmup=1,
    )
    print("\nHandbook PDF. floor: reportlab laying out the same lines from memory.")
    ok = True
    for language in ("en", "fi", "hu"):
        report(f"handbook PDF ({language}) vs layout floor", times[language], times["floor"], None)
        median = statistics.median(times[language])
        within = median <= 5.0
        ok &= within
        print(
            f"{f'handbook PDF ({language}), absolute':<46} {median * 1000:9.1f} ms   "
            f"{'ok (target 5 s)' if within else 'OVER target 5 s'}",
            flush=True,
        )
    return ok
