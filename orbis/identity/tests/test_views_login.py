"""Signing in copies the user's language and time zone into the session; signing out is POST."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_login_page_renders_and_bad_password_is_refused(client, eu_rep):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "eu_rep", "password": "wrong"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_login_remembers_language_and_time_zone(client, eu_rep):
    response = client.post(reverse("login"), {"username": "eu_rep", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["orbis_language"] == "de"
    assert client.session["orbis_time_zone"] == "Europe/Berlin"
    page = client.get(reverse("customers:contact_list"))
    assert page["Content-Language"] == "de"
    assert '<html lang="de"' in page.content.decode()


def test_logout_is_post_only(client, eu_rep):
    client.force_login(eu_rep)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("customers:contact_list")).status_code == 302


def test_home_leads_to_contacts(client, eu_rep):
    client.force_login(eu_rep)
    assert client.get("/")["Location"] == reverse("customers:contact_list")
