"""Pages a contact reaches without logging in, by a signed link, mounted at /p/."""

from django.urls import path  # noqa: F401

app_name = "privacy_public"

urlpatterns: list = []
