from django.urls import path

from reports import views

urlpatterns = [
    path(
        "exports/<str:dataset>.<str:extension>",
        views.ExportView.as_view(),
        name="export",
    ),
    path("audits/<int:pk>/report.pdf", views.AuditReportView.as_view(), name="audit-report"),
]
