"""The public web-to-lead forms, mounted at /forms/: no login (sales.public_form)."""

from django.urls import path

from . import public_form

app_name = "sales_public"

urlpatterns = [
    path("<slug:slug>/", public_form.web_form, name="form"),
    path("<slug:slug>/consent/", public_form.consent, name="consent"),
    path("<slug:slug>/embed.js", public_form.embed, name="embed"),
]
