"""Discovery for client-side readers: the regions and locations they may see, with the ids the
figures and reports take. Scoped by the one gate; an auditor is refused (403) like every other
results endpoint."""

from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from api.filters import FilterSet, IdFilter
from api.views import ScopedQuerysetMixin
from audits.permissions import ReadsResults
from organizations import selectors
from organizations.models import Location
from organizations.serializers import LocationSerializer, RegionSerializer


class RegionListView(ScopedQuerysetMixin, generics.ListAPIView):
    """The regions you may see: a regional manager's own, a client admin's client's, all for
    the agency."""

    selector = selectors.regions_visible
    serializer_class = RegionSerializer
    permission_classes = [IsAuthenticated, ReadsResults]


class RegionDetailView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """One region you may see."""

    selector = selectors.regions_visible
    serializer_class = RegionSerializer
    permission_classes = [IsAuthenticated, ReadsResults]


class LocationFilter(FilterSet):
    region = IdFilter(field_name="region_id")

    class Meta:
        model = Location
        fields = ["region"]


class LocationListView(ScopedQuerysetMixin, generics.ListAPIView):
    """The locations you may see, optionally of one region."""

    selector = selectors.locations_visible
    serializer_class = LocationSerializer
    permission_classes = [IsAuthenticated, ReadsResults]
    filterset_class = LocationFilter


class LocationDetailView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """One location you may see."""

    selector = selectors.locations_visible
    serializer_class = LocationSerializer
    permission_classes = [IsAuthenticated, ReadsResults]
