from django.urls import path

from orbis.privacy.requests import views

app_name = "privacy_requests"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.create, name="create"),
    path("contacts/", views.contact_search, name="contact_search"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/export/", views.download, name="download"),
    path("<uuid:pk>/<slug:step>/", views.step, name="step"),
]
