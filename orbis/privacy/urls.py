"""The privacy officer's consent pages, mounted at /privacy/consent/."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("rules/", views.rules, name="rules"),
    path("contacts/<uuid:pk>/", views.contact_consents, name="contact"),
    path("contacts/<uuid:pk>/record/", views.record, name="record"),
    path("contacts/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
]
