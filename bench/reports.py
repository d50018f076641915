"""Reports at scale on PostgreSQL: exports of 100,000 approved audits with 40 answers each (4
million answer rows), and region period reports of 20 and of 200 audits.

- CSV of the answers against a raw server-side cursor feeding ``csv.writer`` the same rows.
- XLSX of the same rows against that cursor feeding XlsxWriter in constant-memory mode.
- Peak memory of each export, in a fresh process, at 10,000 and at 100,000 audits.
- A region's quarter as a ZIP of audit PDFs (the job) and as a period PDF, at 20 and 200 audits.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime

import xlsxwriter

from bench.common import interleaved, report, run_id
from bench.dataset import add_audits, build_base, say

LOCATIONS = 1000
REGIONS = 10
ITEMS = 40
STEPS = (10_000, 100_000)
CSV_TARGET = 2.0
XLSX_TARGET = 1.5
REGION_TARGET = 12.0
# Flat: exporting ten times the rows may not raise the peak by more than this.
MEMORY_GROWTH_TARGET = 1.25
QUARTER = ("2026-Q3", datetime(2026, 7, 1, tzinfo=UTC))
REGION_SIZES = (20, 200)

# The rows of ``reports.exports.answer_export``, written by hand.
ANSWERS_SQL = """
SELECT s.audit_id, l.name, s.visited_at, ph.key, i.key, i.text, n.key, a.value, a.is_na,
       a.comment
FROM scoring_auditscore s
JOIN audits_audit au ON au.id = s.audit_id
JOIN audits_answer a ON a.submission_id = au.current_submission_id
JOIN organizations_location l ON l.id = s.location_id
JOIN checklists_item i ON i.id = a.item_id
JOIN codex_phase ph ON ph.id = i.phase_id
LEFT JOIN codex_norm n ON n.id = i.norm_id
WHERE s.client_id = %s AND s.total IS NOT NULL
ORDER BY s.audit_id, ph.position, i.position, a.item_id
"""
HEADER = [
    "audit", "location", "visited_at", "phase", "item", "question", "norm", "value", "na",
    "comment",
]  # fmt: skip
CHUNK = 2000


class _Count:
    """A sink that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, value: str) -> None:
        self.size += len(value)


def floor_rows(client_id: int):
    """The answer rows from a server-side cursor, fetched in chunks."""
    from django.db import connection, transaction

    with transaction.atomic():
        cursor = connection.chunked_cursor()
        cursor.execute(ANSWERS_SQL, [client_id])
        while rows := cursor.fetchmany(CHUNK):
            yield from rows
        cursor.close()


def floor_csv(client_id: int) -> int:
    sink = _Count()
    writer = csv.writer(sink)
    writer.writerow(HEADER)
    count = 0
    for row in floor_rows(client_id):
        writer.writerow(row)
        count += 1
    return count


def floor_xlsx(client_id: int) -> int:
    from reports.exports import XLSX_MAX_ROWS

    count = 0
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(
            handle, {"constant_memory": True, "remove_timezone": True, "in_memory": False}
        )
        worksheet, index = None, XLSX_MAX_ROWS
        for row in floor_rows(client_id):
            if index == XLSX_MAX_ROWS:
                worksheet = workbook.add_worksheet()
                worksheet.write_row(0, 0, HEADER)
                index = 1
            worksheet.write_row(index, 0, row)
            index += 1
            count += 1
        workbook.close()
    return count


def ours_csv(user) -> int:
    from reports import exports
    from reports.selectors import export_scores

    rows = -1  # the header
    for _ in exports.csv_lines(exports.answer_export(export_scores(user=user, params={}), "en")):
        rows += 1
    return rows


def ours_xlsx(user) -> int:
    from reports import exports
    from reports.selectors import export_scores

    export = exports.answer_export(export_scores(user=user, params={}), "en")
    with exports.xlsx_file(export) as handle:
        handle.seek(0, 2)
        return handle.tell()


MEMORY_CHILD = r"""
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django
django.setup()
from accounts.models import User
from bench.reports import floor_csv, floor_xlsx, ours_csv, ours_xlsx

def status_kib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

kind, user_id = sys.argv[1], int(sys.argv[2])
user = User.objects.get(pk=user_id)
import reports.exports, reports.selectors  # imported before the reset, as in a server
# Reset the high-water mark to the current size, so the peak is the export's alone.
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status_kib("VmRSS")
if kind == "ours_csv":
    ours_csv(user)
elif kind == "ours_xlsx":
    ours_xlsx(user)
elif kind == "floor_csv":
    floor_csv(user.client_id)
else:
    floor_xlsx(user.client_id)
print(json.dumps({"peak_kib": status_kib("VmHWM") - before}))
"""


def peak_memories(kinds: tuple[str, ...], user_id: int) -> dict[str, float]:
    """Peak memory of each export in a fresh process of its own, two at a time (one per core):
    a process's peak does not depend on how fast it runs."""
    peaks: dict[str, float] = {}
    for pair in (kinds[i : i + 2] for i in range(0, len(kinds), 2)):
        children = {
            kind: subprocess.Popen(
                [sys.executable, "-c", MEMORY_CHILD, kind, str(user_id)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for kind in pair
        }
        for kind, child in children.items():
            out, _ = child.communicate()
            if child.returncode:
                raise RuntimeError(f"the {kind} memory run failed (exit {child.returncode})")
            peaks[kind] = json.loads(out.strip().splitlines()[-1])["peak_kib"] / 1024
    return peaks


def _exports(rounds: int) -> bool:
    from accounts.models import User

    ok = True
    name = run_id()
    say(f"Building {LOCATIONS} locations with a {ITEMS}-item checklist...")
    client, _, version, auditor, _ = build_base(
        name, locations=LOCATIONS, regions=REGIONS, items=ITEMS
    )
    admin = User.objects.get(client=client, role="client_admin")
    memory: dict[int, dict[str, float]] = {}
    made = 0
    for step in STEPS:
        say(f"Adding audits up to {step}...")
        add_audits(client, version, auditor, made, step - made, locations=LOCATIONS)
        made = step
        expected = step * ITEMS
        large = step == STEPS[-1]
        if not large:  # the same code paths at every size; at 4 million rows it costs minutes
            assert ours_csv(admin) == floor_csv(client.pk) == expected
        print(f"\nAnswers of {step} audits: {expected} rows of 10 columns.")
        print("floor: a raw server-side cursor over the same rows into csv.writer, or into")
        print("XlsxWriter in constant-memory mode (the same sheet splitting at Excel's row limit).")
        # At 4 million rows a CSV takes minutes and an XLSX some ten: three CSV rounds and one
        # XLSX round each there; the smaller step gives the XLSX ratio over several rounds.
        csv_times = interleaved(
            {"csv": lambda: ours_csv(admin), "csv floor": lambda: floor_csv(client.pk)},
            rounds=3 if large else max(3, rounds // 100),
            warmup=0 if large else 1,
            batches=3,
        )
        xlsx_times = interleaved(
            {"xlsx": lambda: ours_xlsx(admin), "xlsx floor": lambda: floor_xlsx(client.pk)},
            rounds=1 if large else max(3, rounds // 100),
            warmup=0 if large else 1,
            batches=1 if large else 3,
        )
        ok &= report(
            f"CSV of {expected} answers", csv_times["csv"], csv_times["csv floor"], CSV_TARGET
        )
        ok &= report(
            f"XLSX of {expected} answers",
            xlsx_times["xlsx"],
            xlsx_times["xlsx floor"],
            XLSX_TARGET,
        )
        memory[step] = peak_memories(("ours_csv", "floor_csv", "ours_xlsx", "floor_xlsx"), admin.pk)
        for kind, mib in memory[step].items():
            print(f"  peak memory, {kind:<12} {mib:7.1f} MiB", flush=True)
    small, large = STEPS
    for kind in ("ours_csv", "ours_xlsx"):
        growth = memory[large][kind] / memory[small][kind]
        verdict = "ok" if growth <= MEMORY_GROWTH_TARGET else "OVER"
        print(
            f"{kind}: peak memory {memory[small][kind]:.1f} MiB at {small} audits, "
            f"{memory[large][kind]:.1f} MiB at {large}: {growth:.2f}x for 10x the rows  "
            f"{verdict} (target {MEMORY_GROWTH_TARGET}x)"
        )
        ok &= growth <= MEMORY_GROWTH_TARGET
    return ok


def _region_reports(rounds: int) -> bool:
    from django.test import Client as HttpClient

    from accounts.models import User
    from reports.jobs import run_report_job
    from reports.models import JobKind, ReportJob

    label, start = QUARTER
    cases = {}
    for size in REGION_SIZES:
        name = f"{run_id()}-{size}"
        say(f"Building a region with {size} audits in {label}...")
        client, regions, version, auditor, token = build_base(
            name, locations=10, regions=1, items=ITEMS
        )
        add_audits(client, version, auditor, 0, size, locations=10, start=start, days=90)
        admin = User.objects.get(client=client, role="client_admin")
        http = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
        region = regions[0]

        def zip_job(admin=admin, region=region, size=size):
            job = ReportJob.objects.create(
                requested_by=admin,
                kind=JobKind.REGION_PDFS,
                params={"region": region.pk, "period": label},
                params_hash=uuid.uuid4().hex,
            )
            run_report_job(job.pk)
            job.refresh_from_db()
            assert job.status == "succeeded", job.error
            assert job.total == size
            job.file.delete()

        def period_pdf(http=http, region=region):
            response = http.get(f"/api/v1/scores/regions/{region.pk}/report.pdf?period={label}")
            assert response.status_code == 200, response.content

        cases[f"zip {size}"] = zip_job
        cases[f"pdf {size}"] = period_pdf
    times = interleaved(cases, rounds=max(5, rounds // 50), warmup=1)
    small, large = REGION_SIZES
    print(f"\nA region's quarter: {small} audits against {large} (10x the audits).")
    ok = report(
        f"ZIP of audit PDFs, {large} vs {small} audits",
        times[f"zip {large}"],
        times[f"zip {small}"],
        REGION_TARGET,
    )
    report(
        f"period PDF, {large} vs {small} audits",
        times[f"pdf {large}"],
        times[f"pdf {small}"],
        REGION_TARGET,
    )
    return ok


def run(rounds: int) -> bool:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("reports: needs PostgreSQL (set DATABASE_URL); skipped.")
        return True
    started = time.perf_counter()
    ok = _region_reports(rounds)
    ok &= _exports(rounds)
    say(f"reports: done in {time.perf_counter() - started:.0f} s")
    return ok
