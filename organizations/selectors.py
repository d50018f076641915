"""Reading locations and regions through the one visibility gate (``api.access``): whatever a
reader may not see is a 404, indistinguishable from what does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organizations.models import Location, Region


def locations_visible(*, user) -> QuerySet[Location]:
    return Location.objects.visible_to(user).select_related("region")


def _location_rows(user, ids: list[int]):
    """(id, name, region id, region's name) of those of the given locations the reader may see:
    the few columns a figure's heading shows of a location, without model rows."""
    return (
        locations_visible(user=user)
        .filter(pk__in=ids)
        .order_by()
        .values_list("pk", "name", "region_id", "region__name")
    )


def location_lite_for(user, pk: int) -> tuple[Location, dict]:
    """A location the reader may see (404 otherwise) as an unsaved instance carrying its id,
    name and region id, with its reference: one narrow read, all a scorecard needs of it."""
    rows = list(_location_rows(user, [pk]))
    if not rows:
        raise Http404
    _, name, region_id, region = rows[0]
    return Location(pk=pk, name=name, region_id=region_id), {
        "id": pk,
        "name": name,
        "region": region,
    }


def regions_visible(*, user) -> QuerySet[Region]:
    return Region.objects.visible_to(user)


def location_for(user, pk: int) -> Location:
    return get_object_or_404(locations_visible(user=user), pk=pk)


def region_for(user, pk: int) -> Region:
    return get_object_or_404(regions_visible(user=user), pk=pk)
