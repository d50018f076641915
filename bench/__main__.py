"""Run the benchmarks:
``python -m bench [checklist] [codex] [ingest] [load] [photos] [scoring] [reports] [fault] [waves]
[portal] [--rounds N]``.

``scoring`` and ``reports`` need PostgreSQL (``DATABASE_URL``) and build 100,000 audits: they
take minutes (``reports`` over an hour: an XLSX of 4 million rows alone takes ten). ``fault``
needs PostgreSQL too, and restarts it: run it alone (about four minutes). ``load`` (PostgreSQL,
about five minutes) counts CPU on the whole machine: run it alone too.

Each figure is measured next to its floor in the same run, in interleaved rounds so machine noise
hits both alike; the ratio is the figure to watch, not the absolute times. The exit status is 1
when a figure misses its target.
"""

from __future__ import annotations

import argparse
import os
import sys


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> int:
    from bench import (
        checklist,
        codex,
        fault,
        ingest,
        load,
        photos,
        portal,
        reports,
        scoring,
        waves,
    )

    benchmarks = {
        "checklist": checklist.run,
        "codex": codex.run,
        "ingest": ingest.run,
        "load": load.run,
        "photos": photos.run,
        "scoring": scoring.run,
        "reports": reports.run,
        "fault": fault.run,
        "waves": waves.run,
        "portal": portal.run,
    }
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"any of {', '.join(benchmarks)} (default: all)")
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    unknown = set(args.names) - set(benchmarks)
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(sorted(unknown))}; choose from {list(benchmarks)}"
        )
    setup_django()
    from django.db import connection

    print(f"Database: {connection.vendor}; rounds: {args.rounds}", flush=True)
    ok = True
    for name in args.names or benchmarks:
        ok &= benchmarks[name](args.rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
