from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from actions import selectors, services
from actions.models import Action
from actions.selectors import with_figures
from actions.serializers import ActionChangeSerializer, ActionOpenSerializer, ActionSerializer
from api.filters import BooleanFilter, FilterSet, IdFilter
from api.views import ScopedQuerysetMixin
from audits.permissions import ReadsResults


class ActionFilter(FilterSet):
    location = IdFilter(field_name="location_id")
    overdue = BooleanFilter(method="only_overdue", help_text="true: only open ones past due.")

    def only_overdue(self, queryset, name, value):
        return selectors.overdue(queryset) if value == "true" else queryset

    class Meta:
        model = Action
        fields = ["status", "location"]


class ActionListView(ScopedQuerysetMixin, generics.ListAPIView):
    """Action plans on missed norms, for the locations you may see: what will change, who owns
    it, by when, and the norm's rate before and since it was opened. ``overdue=true`` lists the
    open ones past their due date. A regional manager or client admin (or the agency) opens one
    with POST."""

    selector = selectors.actions_visible
    serializer_class = ActionSerializer
    permission_classes = [IsAuthenticated, ReadsResults]
    filterset_class = ActionFilter

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_figures(page) if page is not None else None

    @extend_schema(request=ActionOpenSerializer, responses={201: ActionSerializer})
    def post(self, request):
        body = ActionOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        action = services.action_open(
            user=request.user,
            location_id=data["location"],
            norm=data["norm"],
            what=data["what"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        (action,) = with_figures([self.get_queryset().get(pk=action.pk)])
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetailView(ScopedQuerysetMixin, generics.GenericAPIView):
    """One action; PATCH changes what, owner, due date or status (done, dropped, open)."""

    selector = selectors.actions_visible
    serializer_class = ActionSerializer
    permission_classes = [IsAuthenticated, ReadsResults]

    def get(self, request, pk):
        (action,) = with_figures([self.get_object()])
        return Response(ActionSerializer(action).data)

    @extend_schema(request=ActionChangeSerializer, responses=ActionSerializer)
    def patch(self, request, pk):
        action = self.get_object()
        body = ActionChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action = services.action_update(action=action, **body.validated_data)
        (action,) = with_figures([self.get_queryset().get(pk=action.pk)])
        return Response(ActionSerializer(action).data)
