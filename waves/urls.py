from django.urls import path

from waves import views

urlpatterns = [
    path("waves/", views.WaveListView.as_view(), name="wave-list"),
    path("waves/plan/", views.WavePlanView.as_view(), name="wave-plan"),
    path("waves/<int:pk>/", views.WaveDetailView.as_view(), name="wave-detail"),
    path("waves/<int:pk>/briefs/", views.BriefListView.as_view(), name="wave-briefs"),
    path(
        "waves/<int:pk>/briefs/<slug:situation>/",
        views.BriefDetailView.as_view(),
        name="wave-brief",
    ),
]

urlpatterns += [
    path(
        "assignments/<int:pk>/reassign/",
        views.AssignmentReassignView.as_view(),
        name="assignment-reassign",
    ),
    path("auditors/", views.AuditorListView.as_view(), name="auditor-list"),
    path("desk/assignments/", views.DeskAssignmentListView.as_view(), name="desk-assignments"),
]
