from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.constants import Role
from api.views import ScopedQuerysetMixin
from notifications import selectors, services
from notifications.serializers import (
    DeliverySerializer,
    EmailEventsSerializer,
    EndpointChangeSerializer,
    EndpointCreateSerializer,
    EndpointSerializer,
    NewEndpointSerializer,
)


class IsClientAdmin(BasePermission):
    message = _("The client's admins manage its webhooks.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == Role.CLIENT_ADMIN)


class IsClientSide(BasePermission):
    message = _("E-mail notifications are for the client's people.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_client_side)


class EndpointListView(ScopedQuerysetMixin, generics.ListAPIView):
    """The client's webhook endpoints. POST registers one: an https:// address on the public
    internet and the events it is told of; the answer carries its signing secret, this once.
    Each delivery is a POST of a thin JSON payload signed with ``X-Codex-Signature`` (``v1=``
    and the hex HMAC-SHA256 of ``X-Codex-Timestamp``, a dot and the body), retried with
    back-off for about three days; an endpoint failing all that time is switched off and the
    client's admins are told."""

    selector = selectors.endpoints_visible
    serializer_class = EndpointSerializer
    permission_classes = [IsAuthenticated, IsClientAdmin]

    @extend_schema(request=EndpointCreateSerializer, responses={201: NewEndpointSerializer})
    def post(self, request):
        body = EndpointCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint = services.endpoint_create(user=request.user, **body.validated_data)
        return Response(NewEndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointDetailView(ScopedQuerysetMixin, generics.GenericAPIView):
    """One endpoint; PATCH changes its address or events, or switches it off or on again."""

    selector = selectors.endpoints_visible
    serializer_class = EndpointSerializer
    permission_classes = [IsAuthenticated, IsClientAdmin]

    def get(self, request, pk):
        return Response(EndpointSerializer(self.get_object()).data)

    @extend_schema(request=EndpointChangeSerializer, responses=EndpointSerializer)
    def patch(self, request, pk):
        endpoint = self.get_object()
        body = EndpointChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        endpoint = services.endpoint_update(endpoint=endpoint, **body.validated_data)
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryListView(ScopedQuerysetMixin, generics.ListAPIView):
    """An endpoint's delivery log, newest first: each event's payload, status and every
    attempt with the response's status and the start of its body, or the error."""

    selector = selectors.endpoints_visible
    serializer_class = DeliverySerializer
    permission_classes = [IsAuthenticated, IsClientAdmin]

    def list(self, request, *args, **kwargs):
        endpoint = self.get_object()
        page = self.paginate_queryset(selectors.deliveries_of(endpoint))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


class EmailNotificationsView(APIView):
    """The events you are told of by e-mail (for the client's admins and managers; a manager
    only of their regions' audits). PUT replaces the list."""

    permission_classes = [IsAuthenticated, IsClientSide]

    @extend_schema(responses=EmailEventsSerializer)
    def get(self, request):
        return Response({"events": services.email_events(request.user)})

    @extend_schema(request=EmailEventsSerializer, responses=EmailEventsSerializer)
    def put(self, request):
        body = EmailEventsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        events = services.email_events_set(request.user, body.validated_data["events"])
        return Response({"events": events})
