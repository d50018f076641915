"""Floor views for the benchmarks: the least an endpoint could do for the same result."""

import json
import os
from pathlib import Path

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from rest_framework.views import APIView

# Filled in by the benchmarks before they measure.
FLOOR_BODY: dict[str, bytes] = {"checklist": b""}
INGEST_ITEMS: dict[str, int] = {}


def floor_view(request):
    """The least any endpoint can do: return the same bytes through the same middleware."""
    return HttpResponse(FLOOR_BODY["checklist"], content_type="application/json")


class AuthenticatedFloorView(APIView):
    """The same bytes behind the same token authentication."""

    def get(self, request):
        return HttpResponse(FLOOR_BODY["checklist"], content_type="application/json")


@csrf_exempt
def floor_ingest(request):
    """Parse the submission and insert the same rows in one transaction; nothing else."""
    from audits.models import Answer, Assignment, Audit, Submission

    data = json.loads(request.body)
    if not INGEST_ITEMS and os.environ.get("BENCH_INGEST_ITEMS"):
        # In a gunicorn worker (bench.load): the items the benchmark process wrote down.
        INGEST_ITEMS.update(json.loads(Path(os.environ["BENCH_INGEST_ITEMS"]).read_text()))
    now = timezone.now()
    with transaction.atomic():
        audit = Audit.objects.create(assignment_id=data["assignment"], status="submitted")
        submission = Submission.objects.create(
            id=data["id"],
            key=data["id"],
            auditor_id=Assignment.objects.values_list("auditor_id", flat=True).get(
                pk=data["assignment"]
            ),
            audit=audit,
            revision=1,
            payload_hash="",
            started_at=parse_datetime(data["started_at"]),
            ended_at=parse_datetime(data["ended_at"]),
            device_time=parse_datetime(data["device_time"]),
            received_at=now,
            check_in_latitude=data["check_in"]["latitude"],
            check_in_longitude=data["check_in"]["longitude"],
            check_in_accuracy_m=data["check_in"]["accuracy_m"],
        )
        Answer.objects.bulk_create(
            Answer(
                submission=submission,
                item_id=INGEST_ITEMS[key],
                value=answer.get("value"),
                comment=answer.get("comment", ""),
            )
            for key, answer in data["answers"].items()
        )
        Audit.objects.filter(pk=audit.pk).update(current_submission=submission)
    return JsonResponse({"id": data["id"]}, status=201)


class SqlFloorView(APIView):
    """Raw SQL GROUP BY behind the same token authentication and HTTP stack, rows as JSON: the
    like-for-like floor for an aggregation endpoint."""

    def get(self, request):
        from django.db import connection

        from bench.scoring import SQL_FLOORS

        sql_list, params = SQL_FLOORS[request.GET["name"]]
        rows = []
        with connection.cursor() as cursor:
            for sql in sql_list:
                cursor.execute(sql, params)
                rows.append(cursor.fetchall())
        return JsonResponse({"rows": rows}, safe=False)


urlpatterns = [
    path("", include("config.urls")),
    path("bench/floor/", floor_view),
    path("bench/floor-authenticated/", AuthenticatedFloorView.as_view()),
    path("bench/floor-ingest/", floor_ingest),
    path("bench/floor-sql/", SqlFloorView.as_view()),
]
