from django.urls import path

from reports import views

urlpatterns = [
    path(
        "exports/<str:dataset>.<str:extension>",
        views.ExportView.as_view(),
        name="export",
    ),
    path("audits/<int:pk>/report.pdf", views.AuditReportView.as_view(), name="audit-report"),
    path(
        "scores/locations/<int:pk>/report.pdf",
        views.LocationPeriodReportView.as_view(),
        name="location-report",
    ),
    path(
        "scores/regions/<int:pk>/report.pdf",
        views.RegionPeriodReportView.as_view(),
        name="region-report",
    ),
    path("jobs/", views.JobCreateView.as_view(), name="report-job-create"),
    path("jobs/<uuid:pk>/", views.JobDetailView.as_view(), name="report-job-detail"),
    path("jobs/<uuid:pk>/download/", views.JobDownloadView.as_view(), name="report-job-download"),
]
