"""Submission ingest: a 60-answer submission through the API (validated and stored) against a
bare view that inserts the same rows in one transaction."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import timedelta

from bench.common import auditor_with_assignments, checklist_draft, interleaved, report, run_id

ANSWERS = 60
TARGET = 3.0


def _checklist(client):
    from checklists.models import Item, ItemChoice
    from checklists.services import checklist_version_publish

    version, phases = checklist_draft(client, key="bench", phases=7)
    kinds = ["yes_no", "scale", "duration", "single_choice", "multiple_choice", "number"]
    for index in range(ANSWERS):
        kind = kinds[index % len(kinds)]
        item = Item.objects.create(
            checklist_version=version,
            phase=phases[index % 7],
            key=f"item{index}",
            position=index,
            type=kind,
            text=f"Question {index}",
            min_value=1 if kind == "scale" else None,
            max_value=5 if kind == "scale" else None,
        )
        if kind in ("single_choice", "multiple_choice"):
            for choice in ("a", "b", "c"):
                ItemChoice.objects.create(item=item, key=choice, label=choice.upper())
    return checklist_version_publish(version=version)


def _answers():
    values = {
        "yes_no": True,
        "scale": 4,
        "duration": 7.5,
        "single_choice": "b",
        "multiple_choice": ["a", "c"],
        "number": 12,
    }
    kinds = list(values)
    return {
        f"item{i}": {"value": values[kinds[i % len(kinds)]], "comment": "Seen at the counter."}
        for i in range(ANSWERS)
    }


def run(rounds: int) -> bool:
    from django.test import Client as HttpClient
    from django.utils import timezone

    from organizations.models import Client, Location, Region

    name = run_id()
    print(
        f"Building data: a {ANSWERS}-item checklist and {2 * rounds + 20} assignments...",
        file=sys.stderr,
    )
    client = Client.objects.create(name=f"Ingest {name}", slug=f"ingest-{name}")
    region = Region.objects.create(client=client, name="R")
    location = Location.objects.create(
        client=client, region=region, name="L", latitude="60.1691", longitude="24.9327"
    )
    version = _checklist(client)
    token, assignments = auditor_with_assignments(
        client,
        location,
        version,
        username=f"ingest-auditor-{name}",
        count=2 * rounds + 20,
        window=timedelta(days=1),
    )
    now = timezone.now()
    queue = iter(assignments)
    http = HttpClient(HTTP_AUTHORIZATION=f"Token {token}")
    answers = _answers()

    def body() -> str:
        return json.dumps(
            {
                "id": str(uuid.uuid4()),
                "assignment": next(queue),
                "started_at": (now - timedelta(minutes=20)).isoformat(),
                "ended_at": (now - timedelta(minutes=5)).isoformat(),
                "device_time": now.isoformat(),
                "check_in": {"latitude": "60.1691", "longitude": "24.9327", "accuracy_m": 10},
                "answers": answers,
            }
        )

    def ours():
        response = http.post("/api/v1/submissions/", body(), content_type="application/json")
        assert response.status_code == 201, response.content

    def floor():
        response = http.post("/bench/floor-ingest/", body(), content_type="application/json")
        assert response.status_code == 201, response.content

    from bench import urls

    urls.INGEST_ITEMS.update({item.key: item.pk for item in version.items.all()})
    times = interleaved({"ours": ours, "floor": floor}, rounds)
    print(f"\nSubmission ingest ({ANSWERS} answers). floor: a bare Django view that parses the")
    print("same JSON and inserts the same rows (audit, submission, answers) in one transaction.")
    return report("submission ingest vs floor", times["ours"], times["floor"], TARGET)
