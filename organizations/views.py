"""Discovery for client-side readers: the regions and locations they may see, with the ids the
figures and reports take. Scoped by the one gate; an auditor is refused (403) like every other
results endpoint."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import FilterSet, IdFilter
from api.params import MAX_ID
from api.views import ScopedQuerysetMixin
from audits.permissions import ReadsResults
from organizations import imports, selectors
from organizations.models import Location
from organizations.serializers import LocationSerializer, RegionSerializer
from waves.permissions import IsAgencyAdmin
from waves.selectors import client_for_planning


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


class ImportErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(help_text="`rows.<row number in the sheet>.<column>`, or `file`.")


class ImportReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(imports.KINDS))
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    create = serializers.IntegerField(help_text="Rows that are new (by name or username).")
    update = serializers.IntegerField(help_text="Rows that change an existing one.")
    errors = ImportErrorSerializer(many=True, help_text="Every bad row; empty when all are good.")


class ImportRequestSerializer(serializers.Serializer):
    client = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    file = serializers.FileField(help_text="CSV (UTF-8, a header row) or XLSX (the first sheet).")
    dry_run = serializers.BooleanField(
        default=True,
        help_text="Only check (the default): report every bad row and change nothing. Send "
        "false to import, which happens only when every row is good.",
    )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "kind", str, OpenApiParameter.PATH, enum=list(imports.KINDS), description="What rows."
        )
    ],
    request={"multipart/form-data": ImportRequestSerializer},
    responses=ImportReportSerializer,
)
class ImportView(APIView):
    """Import a client's locations (columns: name, region, address, latitude, longitude,
    time_zone, check_in_radius_m, competitor: true for a competitor's store) or auditors
    (username, email, first_name, last_name, languages, personas, home_area, home_latitude,
    home_longitude, travel_km, weekly_capacity) from CSV or XLSX. First a dry run: every bad
    row is named by its row number and column, and nothing changes. Then the import: all rows
    in one transaction, or none (400 naming every bad row). Rows are matched by location name
    or username; regions are made as named."""

    permission_classes = [IsAuthenticated, IsAgencyAdmin]
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, kind):
        if kind not in imports.KINDS:
            raise Http404
        body = ImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        client = client_for_planning(body.validated_data["client"])
        report = imports.import_rows(
            kind=kind,
            client=client,
            upload=body.validated_data["file"],
            dry_run=body.validated_data["dry_run"],
        )
        return Response(ImportReportSerializer(report).data)
