from django.urls import path

from scoring import views

urlpatterns = [
    path(
        "scores/locations/<int:pk>/",
        views.LocationScorecardView.as_view(),
        name="score-location",
    ),
    path("scores/compare/", views.CompareView.as_view(), name="score-compare"),
    path(
        "scores/regions/<int:pk>/leaderboard/",
        views.LeaderboardView.as_view(),
        name="score-leaderboard",
    ),
    path("scores/missed-norms/", views.MissedNormsView.as_view(), name="score-missed-norms"),
    path("scores/competitors/", views.CompetitorGapView.as_view(), name="score-competitors"),
    path("scores/persona-gap/", views.PersonaGapView.as_view(), name="score-persona-gap"),
    path("scores/visits-needed/", views.VisitsNeededView.as_view(), name="score-visits-needed"),
]
