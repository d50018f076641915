from django.urls import path

from checklists import views

urlpatterns = [
    path("checklists/", views.ChecklistListView.as_view(), name="checklist-list"),
    path("checklists/<int:pk>/", views.CurrentChecklistView.as_view(), name="checklist-current"),
    path(
        "checklist-versions/<int:pk>/",
        views.ChecklistVersionView.as_view(),
        name="checklist-version",
    ),
]
