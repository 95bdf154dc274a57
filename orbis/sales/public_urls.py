"""The public pages, mounted at /forms/, no login: web-to-lead forms (sales.public_form) and
a quote behind its signed link (views_quotes)."""

from django.urls import path

from . import public_form, views_quotes

app_name = "sales_public"

urlpatterns = [
    # A signed token holds a colon; it never looks like a form's slug.
    path("quotes/<str:token>/", views_quotes.public_quote, name="quote"),
    path("quotes/<str:token>/pdf/", views_quotes.public_quote_pdf, name="quote_pdf"),
    path("<slug:slug>/", public_form.web_form, name="form"),
    path("<slug:slug>/consent/", public_form.consent, name="consent"),
    path("<slug:slug>/embed.js", public_form.embed, name="embed"),
]
