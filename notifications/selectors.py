from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from notifications.models import Attempt, Delivery, Endpoint


def endpoints_visible(*, user) -> QuerySet[Endpoint]:
    return Endpoint.objects.visible_to(user)


def deliveries_of(endpoint: Endpoint) -> QuerySet[Delivery]:
    """An endpoint's deliveries, newest first, each with its attempts (one more query)."""
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .order_by("-created_at", "id")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("at", "id")))
    )


def latest_deliveries(endpoints: list[Endpoint], per: int) -> dict[int, list[Delivery]]:
    """Each endpoint's ``per`` newest deliveries with their attempts, for all of them at once
    (two statements however many endpoints)."""
    newest = Window(
        RowNumber(), partition_by=F("endpoint_id"), order_by=[F("created_at").desc(), F("id")]
    )
    rows = (
        Delivery.objects.filter(endpoint__in=endpoints)
        .annotate(place=newest)
        .filter(place__lte=per)
        .order_by("endpoint_id", "place")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("at", "id")))
    )
    found: dict[int, list[Delivery]] = {}
    for delivery in rows:
        found.setdefault(delivery.endpoint_id, []).append(delivery)
    return found
