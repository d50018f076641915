"""A small fixed checklist with every item type, a location and accepted assignments."""

import io
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from audits.models import Assignment
from checklists.models import ChecklistVersion
from checklists.services import checklist_version_publish
from codex.constants import NormMeasure
from tests.conftest import api_as
from tests.factories import (
    AssignmentFactory,
    ChecklistVersionFactory,
    CheckpointFactory,
    ItemChoiceFactory,
    ItemFactory,
    LocationFactory,
    NormFactory,
    PhaseFactory,
    publish_codex,
)

LADDER = ["consumer", "trier", "customer", "loyalist", "advocate"]


def build_checklist(client) -> ChecklistVersion:
    version = ChecklistVersionFactory(checklist__client=client)
    codex = version.codex_version
    arrival = PhaseFactory(codex_version=codex, key="arrival", position=0, name="Arrival")
    departure = PhaseFactory(codex_version=codex, key="departure", position=1, name="Departure")
    greeting_norm = NormFactory(
        codex_version=codex,
        checkpoint=CheckpointFactory(codex_version=codex, phase=arrival),
        key="greeted_within_8s",
        measure=NormMeasure.MAX_DURATION,
        threshold_seconds=Decimal(8),
    )
    publish_codex(codex)

    def item(key, type_, phase=arrival, **extra):
        return ItemFactory(checklist_version=version, phase=phase, key=key, type=type_, **extra)

    item("greeting", "duration", norm=greeting_norm)
    item("queue", "yes_no")
    item(
        "waiting",
        "duration",
        condition_item_key="queue",
        condition_operator="equals",
        condition_value=True,
    )
    item("mood", "scale", min_value=1, max_value=5)
    item("entrance", "photo", min_photos=1)
    item("smile", "yes_no", phase=departure, allow_na=True)
    tags = item("tags", "multiple_choice", phase=departure, required=False)
    for key in ("friendly", "fast", "expert"):
        ItemChoiceFactory(item=tags, key=key)
    loyalty = item("loyalty", "single_choice", phase=departure, measures_loyalty=True, weight=0)
    for key in LADDER:
        ItemChoiceFactory(item=loyalty, key=key)
    item("note", "text", phase=departure, required=False)
    return checklist_version_publish(version=version)


@dataclass
class Field:
    location: object
    version: ChecklistVersion
    assignment: Assignment
    other_assignment: Assignment  # another client's, another auditor's


@pytest.fixture
def field(world) -> Field:
    location = LocationFactory(region=world.region, name="Kamppi")
    version = build_checklist(world.client)
    other_location = LocationFactory(region__client=world.other_client, name="Elsewhere")
    other_version = build_checklist(world.other_client)
    return Field(
        location=location,
        version=version,
        assignment=AssignmentFactory(
            location=location, checklist_version=version, auditor=world.auditor
        ),
        other_assignment=AssignmentFactory(
            location=other_location, checklist_version=other_version, auditor=world.other_auditor
        ),
    )


def visit_payload(assignment, **overrides) -> dict:
    """A valid submission for the fixed checklist, visiting now at the location."""
    now = timezone.now()
    payload = {
        "id": str(uuid.uuid4()),
        "assignment": assignment.pk,
        "started_at": (now - timedelta(minutes=20)).isoformat(),
        "ended_at": (now - timedelta(minutes=5)).isoformat(),
        "device_time": now.isoformat(),
        "check_in": {
            "latitude": str(assignment.location.latitude),
            "longitude": str(assignment.location.longitude),
            "accuracy_m": 12.5,
        },
        "answers": {
            "greeting": {"value": 6.5},
            "queue": {"value": True},
            "waiting": {"value": 120},
            "mood": {"value": 4},
            "smile": {"na": True},
            "tags": {"value": ["friendly", "fast"]},
            "loyalty": {"value": "loyalist", "comment": "Would come back."},
        },
    }
    payload.update(overrides)
    return payload


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif=None, pattern=0) -> bytes:
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 8):  # some structure, so perceptual hashes differ by pattern
        for y in range(0, size[1], 8):
            if (x // 8 + y // 8 + pattern) % 3 == 0:
                image.putpixel((x, y), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


@pytest.fixture
def submitted(world, field) -> str:
    """A visit the auditor submitted for the fixed checklist; its id (the phone's)."""
    payload = visit_payload(field.assignment)
    response = api_as(world.auditor).post("/api/v1/submissions/", payload, format="json")
    assert response.status_code == 201
    return payload["id"]
