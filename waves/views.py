from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import BooleanFilter, FilterSet, IdFilter, MomentFilter
from audits.constants import AssignmentStatus
from audits.models import Assignment
from audits.permissions import IsReviewer
from audits.selectors import active_auditor
from waves import scheduler, selectors, services
from waves.models import Wave
from waves.permissions import IsAgencyAdmin
from waves.serializers import (
    AuditorWorkSerializer,
    BriefTextsSerializer,
    BriefWriteSerializer,
    DeskAssignmentSerializer,
    ReassignedSerializer,
    ReassignSerializer,
    WaveCreateSerializer,
    WavePlanResultSerializer,
    WavePlanSerializer,
    WaveSerializer,
)


def _need(inputs, visits_per_location: int) -> dict:
    demand = inputs.demand
    first, last, need = selectors.wave_need(inputs.client, demand.period_start, demand.period_end)
    return {
        "previous_start": first,
        "previous_end": last,
        "need": need,
        "planned_each": visits_per_location,
        "enough": None if need.audits_each is None else visits_per_location >= need.audits_each,
    }


class WavePlanView(APIView):
    """What a wave would be, before anything is made: every visit with its auditor and window,
    what the visits cover (situations, channels, personas, weekdays, times of day, weeks,
    matched pairs), the visits nobody could take with the rule that said no, and how many visits
    per location the period needs to tell locations apart at last period's spread."""

    permission_classes = [IsAuthenticated, IsAgencyAdmin]

    @extend_schema(request=WavePlanSerializer, responses=WavePlanResultSerializer)
    def post(self, request):
        body = WavePlanSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        inputs, plan = services.wave_plan(spec=body.validated_data)
        result = {
            "coverage": scheduler.coverage(plan.visits),
            "visits_needed": _need(inputs, body.validated_data["visits_per_location"]),
            "visits": plan.visits,
        }
        return Response(WavePlanResultSerializer(result).data)


class WaveListView(generics.ListAPIView):
    """The agency's waves, newest period first, each with its assignments by state. Plan one
    with ``POST /waves/plan/``, then create it here: every placed visit becomes an assignment
    offered to its auditor, in one transaction. 201 when made now; 200 with the same body when
    this key made it already (a safe retry); 409 when the key was used for another plan."""

    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = WaveSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsAgencyAdmin()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.waves_with_counts()

    @extend_schema(
        request=WaveCreateSerializer,
        responses={201: WaveSerializer, 200: WaveSerializer},
    )
    def post(self, request):
        body = WaveCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        spec = dict(body.validated_data)
        key = spec.pop("key")
        wave, created = services.wave_create(user=request.user, key=key, spec=spec)
        return Response(
            WaveSerializer(self.get_queryset().get(pk=wave.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class WaveDetailView(generics.RetrieveAPIView):
    """One wave: its plan's coverage, the visits nobody could take, its assignments by state."""

    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = WaveSerializer

    def get_queryset(self):
        return selectors.waves_with_counts()

    def get_object(self):
        wave = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if wave is None:
            raise Http404
        return wave


@extend_schema(request=ReassignSerializer, responses={201: ReassignedSerializer})
class AssignmentReassignView(APIView):
    """Give a visit to another auditor (the manual override of the scheduler): the assignment
    is cancelled, and a new one offered to the auditor replaces it. A rule the scheduler keeps
    (persona, language, distance, rotation, capacity) refuses it with 400 naming the rule,
    unless ``override`` is set. The first auditor's phone sees the cancellation at its next
    sync; a visit it captured offline meanwhile is kept, held for a reviewer."""

    permission_classes = [IsAuthenticated, IsAgencyAdmin]

    def post(self, request, pk):
        body = ReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        auditor = active_auditor(body.validated_data["auditor"], attr="auditor")
        assignment = services.assignment_reassign(
            assignment_id=pk,
            auditor=auditor,
            user=request.user,
            reason=body.validated_data["reason"],
            override=body.validated_data["override"],
        )
        return Response(ReassignedSerializer(assignment).data, status=status.HTTP_201_CREATED)


class DeskAssignmentFilter(FilterSet):
    client = IdFilter(field_name="client_id")
    location = IdFilter(field_name="location_id")
    auditor = IdFilter(field_name="auditor_id")
    wave = IdFilter(field_name="wave_id")
    status = filters.ChoiceFilter(choices=AssignmentStatus.choices)
    follow_up = BooleanFilter(
        method="filter_follow_up", help_text="Only follow-up contacts (true) or only others."
    )
    window_from = MomentFilter(
        field_name="window_end", lookup_expr="gte", help_text="Windows ending at or after this."
    )
    window_to = MomentFilter(
        field_name="window_start",
        lookup_expr="lte",
        help_text="Windows starting at or before this.",
    )

    class Meta:
        model = Assignment
        fields = ["client", "location", "auditor", "wave", "status"]

    def filter_follow_up(self, queryset, name, value):
        return queryset.filter(first_visit__isnull=value != "true")


class DeskAssignmentListView(generics.ListAPIView):
    """Every assignment, for the agency's desk: filter by client, location, auditor, wave,
    status, follow-up contacts, and the window's dates; pages by cursor, oldest first, as every
    list does. The auditor's phone syncs its own through ``/api/v1/assignments/`` instead."""

    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = DeskAssignmentSerializer
    filterset_class = DeskAssignmentFilter

    def get_queryset(self):
        return Assignment.objects.visible_to(self.request.user).select_related(
            "location",
            "auditor",
            "persona",
            "checklist_version__situation",
            "checklist_version__checklist",
            "audit",
        )


class AuditorListView(generics.ListAPIView):
    """The agency's auditors: their profiles (languages, personas, home, travel, capacity),
    open assignments, and how often they accept an offer (with its interval)."""

    permission_classes = [IsAuthenticated, IsReviewer]
    serializer_class = AuditorWorkSerializer

    def get_queryset(self):
        return selectors.auditors_with_work(timezone.now())


def _wave(pk: int) -> Wave:
    wave = Wave.objects.filter(pk=pk).first()
    if wave is None:
        raise Http404
    return wave


class BriefListView(APIView):
    """The wave's scenario briefs, one per situation, every text in every language. Each is
    delivered with the wave's assignments in its situation, in the auditor's language."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema(responses=BriefTextsSerializer(many=True))
    def get(self, request, pk):
        wave = _wave(pk)
        return Response(BriefTextsSerializer(wave.briefs.all(), many=True).data)


class BriefDetailView(APIView):
    """One situation's brief in the wave. PUT writes it whole (201 when new, 200 when it
    replaced one); the wave's assignments in the situation show as changed at the phones' next
    sync. An outbound situation needs its trigger; a complaint needs to say whether it is
    justified."""

    permission_classes = [IsAuthenticated, IsReviewer]

    def get_permissions(self):
        if self.request.method == "PUT":
            return [IsAuthenticated(), IsAgencyAdmin()]
        return super().get_permissions()

    @extend_schema(responses=BriefTextsSerializer)
    def get(self, request, pk, situation):
        brief = _wave(pk).briefs.filter(situation_key=situation).first()
        if brief is None:
            raise Http404
        return Response(BriefTextsSerializer(brief).data)

    @extend_schema(
        request=BriefWriteSerializer,
        responses={200: BriefTextsSerializer, 201: BriefTextsSerializer},
    )
    def put(self, request, pk, situation):
        wave = _wave(pk)
        body = BriefWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        brief, created = services.brief_save(
            wave=wave, situation_key=situation, data=body.validated_data
        )
        return Response(
            BriefTextsSerializer(brief).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
