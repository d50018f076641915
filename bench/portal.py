"""The portal's leaderboard page against the leaderboard API, for a region of 100 locations at
100,000 audits (PostgreSQL): the rendered HTML page (session sign-in) next to the JSON response
(token) of the same figures, each cold (a query parameter misses the cache, so the figures are
computed afresh, as after an approval) and warm (served from the cache)."""

from __future__ import annotations

import itertools

from bench.common import interleaved, report, run_id
from bench.dataset import add_audits, build_base, say

LOCATIONS = 1000
REGIONS = 10
AUDITS = 100_000
ITEMS = 50
PERIOD = "2026-Q3"
TARGET = 1.5


def run(rounds: int) -> bool:
    from django.db import connection
    from django.test import Client as HttpClient
    from knox.models import AuthToken
    from knox.settings import CONSTANTS

    if connection.vendor != "postgresql":
        print("portal: needs PostgreSQL (set DATABASE_URL); skipped.")
        return True
    name = run_id()
    say(f"Building {LOCATIONS} locations in {REGIONS} regions...")
    client, regions, version, auditor, token = build_base(
        name, locations=LOCATIONS, regions=REGIONS, items=ITEMS
    )
    say(f"Adding {AUDITS} audits...")
    add_audits(client, version, auditor, 0, AUDITS, locations=LOCATIONS)
    api = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
    reader = AuthToken.objects.get(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]).user
    page = HttpClient()
    page.force_login(reader)
    region = regions[0]
    urls = {
        "api": f"/api/v1/scores/regions/{region.pk}/leaderboard/?period={PERIOD}",
        "page": f"/portal/regions/{region.pk}/?period={PERIOD}",
    }
    misses = itertools.count()

    def get(http, url):
        response = http.get(url)
        assert response.status_code == 200, response.content[:300]
        return response

    clients = {"api": api, "page": page}
    cases = {}
    for key, url in urls.items():
        http = clients[key]
        cases[f"{key} cold"] = lambda http=http, url=url: get(
            http, f"{url}&bench_miss={next(misses)}"
        )
        cases[f"{key} warm"] = lambda http=http, url=url: get(http, url)
    rows = get(page, urls["page"]).content.decode().count('class="bar"')
    assert rows == LOCATIONS // REGIONS, rows
    times = interleaved(cases, max(20, rounds // 5), warmup=3)
    print(f"\nLeaderboard of {rows} locations at {AUDITS} audits; period {PERIOD}.")
    ok = report("page, cold vs the API cold", times["page cold"], times["api cold"], TARGET)
    ok &= report("page, warm vs the API warm", times["page warm"], times["api warm"], TARGET)
    return ok
