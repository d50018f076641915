from django.urls import include, path

from api.views import HealthView

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("codex.urls")),
    path("", include("checklists.urls")),
    path("", include("audits.urls")),
    path("", include("scoring.urls")),
    path("", include("reports.urls")),
    path("", include("waves.urls")),
    path("", include("actions.urls")),
    path("", include("notifications.urls")),
]
