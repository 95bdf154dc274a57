"""Pages a contact reaches without logging in, by a signed link, mounted at /p/."""

from django.urls import path

from . import views

app_name = "privacy_public"

urlpatterns = [
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
