from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("regions/<int:pk>/", views.LeaderboardView.as_view(), name="leaderboard"),
    path("regions/<int:pk>/norms/", views.MissedNormsView.as_view(), name="missed"),
    path("regions/<int:pk>/personas/", views.PersonaGapView.as_view(), name="personas"),
    path("regions/<int:pk>/competitors/", views.CompetitorsView.as_view(), name="competitors"),
    path("regions/<int:pk>/pdfs/", views.RegionPdfsView.as_view(), name="region-pdfs"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("locations/<int:pk>/", views.LocationView.as_view(), name="location"),
    path("locations/<int:pk>/actions/", views.ActionOpenView.as_view(), name="action-open"),
    path("actions/<int:pk>/", views.ActionChangeView.as_view(), name="action-change"),
    path("visits/<int:pk>/", views.VisitView.as_view(), name="visit"),
    path("visits/<int:pk>/appeals/", views.AppealOpenView.as_view(), name="appeal-open"),
    path("exports/<str:dataset>.<str:extension>", views.ExportView.as_view(), name="export"),
    path("jobs/<uuid:pk>/", views.JobView.as_view(), name="job"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
    path("codex/", views.CodexView.as_view(), name="codex"),
    path("codex/<int:pk>/sign-off/", views.CodexView.as_view(), name="codex-sign-off"),
    path(
        "codex/<int:pk>/handbook-<str:language>.pdf",
        views.CodexHandbookView.as_view(),
        name="codex-handbook",
    ),
]
