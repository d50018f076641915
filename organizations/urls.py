from django.urls import path

from organizations import views

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<int:pk>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("locations/", views.LocationListView.as_view(), name="location-list"),
    path("locations/<int:pk>/", views.LocationDetailView.as_view(), name="location-detail"),
]

urlpatterns += [
    path("imports/<slug:kind>/", views.ImportView.as_view(), name="import"),
]
