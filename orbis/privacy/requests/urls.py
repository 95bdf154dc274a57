from django.urls import path  # noqa: F401

app_name = "privacy_requests"

urlpatterns: list = []
