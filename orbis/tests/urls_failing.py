"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from orbis.urls import urlpatterns as project_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/broken/", broken),
    path("test-errors/suspicious/", suspicious),
    *project_urlpatterns,
]
