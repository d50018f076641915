from django.urls import path

from notifications import views

urlpatterns = [
    path("webhooks/", views.EndpointListView.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", views.EndpointDetailView.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:pk>/deliveries/",
        views.DeliveryListView.as_view(),
        name="webhook-deliveries",
    ),
    path(
        "notifications/email/",
        views.EmailNotificationsView.as_view(),
        name="email-notifications",
    ),
]
