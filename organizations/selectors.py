"""Reading locations and regions through the one visibility gate (``api.access``): whatever a
reader may not see is a 404, indistinguishable from what does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from organizations.models import Location, Region


def locations_visible(*, user) -> QuerySet[Location]:
    return Location.objects.visible_to(user).select_related("region")


def regions_visible(*, user) -> QuerySet[Region]:
    return Region.objects.visible_to(user)


def location_for(user, pk: int) -> Location:
    return get_object_or_404(locations_visible(user=user), pk=pk)


def region_for(user, pk: int) -> Region:
    return get_object_or_404(regions_visible(user=user), pk=pk)
