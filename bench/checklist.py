"""The phone's checklist fetch, full and 304, against a bare view returning the same bytes."""

from __future__ import annotations

import sys

from bench.common import interleaved, report, run_id


def run(rounds: int) -> bool:
    from django.core.cache import cache
    from django.test import Client as HttpClient
    from knox.models import AuthToken

    from accounts.constants import Role
    from accounts.models import User
    from bench import urls
    from checklists.defaults import default_codex_install
    from checklists.models import Checklist
    from organizations.models import Client

    print("Building data: default codex (24 checklists) and an auditor...", file=sys.stderr)
    name = run_id()
    client = Client.objects.create(name=f"Bench {name}", slug=f"bench-{name}")
    default_codex_install(client=client)
    auditor = User.objects.create_user(f"bench-auditor-{name}", role=Role.AUDITOR)
    auditor.works_for.add(client)
    _, token = AuthToken.objects.create(user=auditor)
    checklist = Checklist.objects.get(
        client=client, situation_key="product_inquiry", channel="in_person"
    )
    http = HttpClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="fi")
    url = f"/api/v1/checklists/{checklist.pk}/"
    first = http.get(url)
    assert first.status_code == 200, first.content
    urls.FLOOR_BODY["checklist"] = first.content
    etag = first["ETag"]
    assert http.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    items = sum(len(s["items"]) for s in first.json()["sections"])
    print(f"Checklist document: {len(first.content)} bytes, {items} items", file=sys.stderr)

    def cold():
        cache.clear()
        return http.get(url)

    times = interleaved(
        {
            "full": lambda: http.get(url),
            "cold": cold,
            "304": lambda: http.get(url, HTTP_IF_NONE_MATCH=etag),
            "floor": lambda: http.get("/bench/floor/"),
            "floor+auth": lambda: http.get("/bench/floor-authenticated/"),
        },
        rounds,
        warmup=20,
    )
    print("\nChecklist fetch. floor: a bare Django view returning the same bytes through the same")
    print("middleware; floor+auth: the same behind the same token authentication.")
    for key, label in [
        ("full", "checklist fetch, full (cached)"),
        ("cold", "checklist fetch, full (rendered)"),
        ("304", "checklist fetch, 304"),
    ]:
        report(f"{label} vs floor", times[key], times["floor"], None)
        report(f"{label} vs floor+auth", times[key], times["floor+auth"], None)
    return True
