from django.urls import path

from audits import views

urlpatterns = [
    path("assignments/", views.AssignmentSyncView.as_view(), name="assignment-sync"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment-detail"),
    path(
        "assignments/<int:pk>/accept/",
        views.AssignmentAcceptView.as_view(),
        name="assignment-accept",
    ),
    path(
        "assignments/<int:pk>/decline/",
        views.AssignmentDeclineView.as_view(),
        name="assignment-decline",
    ),
    path(
        "assignments/<int:pk>/no-contact/",
        views.AssignmentNoContactView.as_view(),
        name="assignment-no-contact",
    ),
    path("submissions/", views.SubmissionCreateView.as_view(), name="submission-create"),
    path("submissions/<uuid:pk>/", views.SubmissionStatusView.as_view(), name="submission-status"),
    path("photos/", views.PhotoUploadView.as_view(), name="photo-upload"),
    path("photos/<uuid:pk>/display/", views.PhotoFileView.as_view(), name="photo-display"),
    path("photos/<uuid:pk>/thumbnail/", views.PhotoThumbnailView.as_view(), name="photo-thumbnail"),
    path("audits/", views.AuditListView.as_view(), name="audit-list"),
    path("audits/<int:pk>/", views.AuditDetailView.as_view(), name="audit-detail"),
    path("audits/<int:pk>/approve/", views.AuditApproveView.as_view(), name="audit-approve"),
    path("audits/<int:pk>/return/", views.AuditReturnView.as_view(), name="audit-return"),
    path("audits/<int:pk>/reject/", views.AuditRejectView.as_view(), name="audit-reject"),
    path("audits/<int:pk>/release/", views.AuditReleaseView.as_view(), name="audit-release"),
    path("audits/<int:pk>/follow-up/", views.AuditFollowUpView.as_view(), name="audit-follow-up"),
    path("audits/<int:pk>/history/", views.AuditHistoryView.as_view(), name="audit-history"),
    path(
        "audits/<int:pk>/flags/<int:flag_id>/clear/",
        views.FlagClearView.as_view(),
        name="audit-flag-clear",
    ),
]

urlpatterns += [
    path("review/queue/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("audits/<int:pk>/amend/", views.AuditAmendView.as_view(), name="audit-amend"),
    path("audits/<int:pk>/diff/", views.AuditDiffView.as_view(), name="audit-diff"),
    path("audits/<int:pk>/appeals/", views.AuditAppealsView.as_view(), name="audit-appeals"),
    path("appeals/", views.AppealListView.as_view(), name="appeal-list"),
    path("appeals/report/", views.AppealReportView.as_view(), name="appeal-report"),
    path("appeals/<int:pk>/", views.AppealDetailView.as_view(), name="appeal-detail"),
    path("appeals/<int:pk>/decide/", views.AppealDecideView.as_view(), name="appeal-decide"),
]
