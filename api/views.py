"""Base views: the visibility gate every scoped endpoint goes through; the health check."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.health import health


class ScopedQuerysetMixin:
    """Applies ``selector(user=...)`` (which must end in the model's ``visible_to``) in
    ``get_queryset``.

    Subclasses name a ``selector`` and may not override ``get_queryset``, so no view can forget
    the gate. Lists and creates are scoped by the queryset, not by object permissions, which DRF
    runs only when one object is fetched.
    """

    selector = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override get_queryset; set `selector`.")

    def get_queryset(self) -> QuerySet:
        return type(self).selector(user=self.request.user)


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "failing"])
    checks = serializers.DictField(
        child=serializers.ChoiceField(choices=["ok", "failing"]),
        help_text="database, cache and storage: each ok or failing.",
    )


class HealthView(APIView):
    """Whether this server can serve: 200 when the database, the cache and file storage all
    answer, 503 naming the failing part otherwise. Open to all, for load balancers; it reveals no
    more than which part fails."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer}, auth=[])
    def get(self, request):
        checks = health()
        healthy = all(result == "ok" for result in checks.values())
        response = Response(
            {"status": "ok" if healthy else "failing", "checks": checks},
            status=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Cache-Control"] = "no-store"
        return response
