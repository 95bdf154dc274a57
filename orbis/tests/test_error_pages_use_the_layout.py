"""400, 403, 404 and CSRF failures answer with the styled layout and ways back (DEBUG off)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("orbis.tests.urls_failing")]


def assert_styled_error_page(response, status: int) -> str:
    assert not settings.DEBUG
    assert response.status_code == status
    page = response.content.decode()
    assert "bootstrap" in page and "orbis/app.css" in page  # the base layout, not Django's page
    assert f"Error {status}" in page
    assert 'id="error-home" href="/"' in page or 'href="/" id="error-home"' in page
    assert re.search(r'<form[^>]*action="/search"[^>]*method="get"', page)
    assert "Not Found" not in page and "<h1>Forbidden" not in page
    return page


def test_an_unknown_address_shows_the_styled_404_with_the_navigation(client, eu_rep):
    client.force_login(eu_rep)
    page = assert_styled_error_page(client.get("/no-such-page/"), 404)
    assert 'id="user-menu"' in page  # signed in: the whole navigation is there
    assert "This page does not exist" in page


def test_a_signed_out_404_is_styled_too(client):
    assert_styled_error_page(client.get("/no-such-page/"), 404)


def test_a_page_without_the_permission_shows_the_styled_403(client, eu_rep):
    client.force_login(eu_rep)
    page = assert_styled_error_page(client.get("/privacy/"), 403)
    assert "You do not have access to this page" in page


def test_a_suspicious_request_shows_the_styled_400(client):
    page = assert_styled_error_page(client.get("/test-errors/suspicious/"), 400)
    assert "This request could not be understood" in page


def test_a_form_sent_without_its_csrf_token_shows_the_styled_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    page = assert_styled_error_page(response, 403)
    assert "The form could not be accepted" in page


def test_error_pages_are_translated(client, eu_rep):
    client.force_login(eu_rep)
    session = client.session
    session["orbis_language"] = "de"
    session.save()
    page = client.get("/no-such-page/").content.decode()
    assert '<html lang="de"' in page
