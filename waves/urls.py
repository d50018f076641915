from django.urls import path

from waves import views

urlpatterns = [
    path("waves/", views.WaveListView.as_view(), name="wave-list"),
    path("waves/plan/", views.WavePlanView.as_view(), name="wave-plan"),
    path("waves/<int:pk>/", views.WaveDetailView.as_view(), name="wave-detail"),
]

urlpatterns += [
    path(
        "assignments/<int:pk>/reassign/",
        views.AssignmentReassignView.as_view(),
        name="assignment-reassign",
    ),
    path("auditors/", views.AuditorListView.as_view(), name="auditor-list"),
]
