from __future__ import annotations

from django.db.models import Prefetch, QuerySet

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
