from django.http import HttpResponse
from django.urls import include, path
from rest_framework.views import APIView

# Filled in by the benchmark before it measures: the exact bytes our endpoint returned.
FLOOR_BODY: dict[str, bytes] = {"checklist": b""}


def floor_view(request):
    """The least any endpoint can do: return the same bytes through the same middleware."""
    return HttpResponse(FLOOR_BODY["checklist"], content_type="application/json")


class AuthenticatedFloorView(APIView):
    """The same bytes behind the same token authentication: the least an authenticated endpoint
    can do."""

    def get(self, request):
        return HttpResponse(FLOOR_BODY["checklist"], content_type="application/json")


urlpatterns = [
    path("", include("config.urls")),
    path("bench/floor/", floor_view),
    path("bench/floor-authenticated/", AuthenticatedFloorView.as_view()),
]
