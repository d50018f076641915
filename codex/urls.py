from django.urls import path

from codex import views

urlpatterns = [
    path("codex/versions/", views.CodexVersionListView.as_view(), name="codex-version-list"),
    path(
        "codex/versions/<int:pk>/",
        views.CodexVersionDetailView.as_view(),
        name="codex-version-detail",
    ),
    path(
        "codex/versions/<int:pk>/export.<str:extension>",
        views.CodexExportView.as_view(),
        name="codex-version-export",
    ),
    path(
        "codex/versions/<int:pk>/changes/",
        views.CodexChangesView.as_view(),
        name="codex-version-changes",
    ),
    path(
        "codex/versions/<int:pk>/publish/",
        views.CodexPublishView.as_view(),
        name="codex-version-publish",
    ),
    path(
        "codex/versions/<int:pk>/handbook.pdf",
        views.CodexHandbookView.as_view(),
        name="codex-version-handbook",
    ),
    path(
        "codex/versions/<int:pk>/sign-offs/",
        views.CodexSignOffListView.as_view(),
        name="codex-version-sign-offs",
    ),
    path("codex/imports/", views.CodexImportView.as_view(), name="codex-import"),
]
