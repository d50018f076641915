from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("regions/<int:pk>/", views.LeaderboardView.as_view(), name="leaderboard"),
    path("locations/<int:pk>/", views.LocationView.as_view(), name="location"),
    path("locations/<int:pk>/actions/", views.ActionOpenView.as_view(), name="action-open"),
    path("actions/<int:pk>/", views.ActionChangeView.as_view(), name="action-change"),
]
