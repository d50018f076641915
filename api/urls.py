from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("checklists.urls")),
    path("", include("audits.urls")),
    path("", include("scoring.urls")),
    path("", include("reports.urls")),
]
