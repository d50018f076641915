"""Which locations and regions a reader may see scores for (404 for the rest)."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.models import Location, Region


def locations_visible(user) -> QuerySet[Location]:
    if not user or not user.is_authenticated:
        return Location.objects.none()
    if user.is_agency:
        return Location.objects.all()
    if user.role == "client_admin":
        return Location.objects.filter(client_id=user.client_id)
    if user.role == "regional_manager":
        return Location.objects.filter(
            client_id=user.client_id, region__in=user.regions.values("id")
        )
    return Location.objects.none()


def regions_visible(user) -> QuerySet[Region]:
    if not user or not user.is_authenticated:
        return Region.objects.none()
    if user.is_agency:
        return Region.objects.all()
    if user.role == "client_admin":
        return Region.objects.filter(client_id=user.client_id)
    if user.role == "regional_manager":
        return Region.objects.filter(client_id=user.client_id, pk__in=user.regions.values("id"))
    return Region.objects.none()
