"""The 500 page renders with the layout while the database is unreachable (DEBUG off)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_server_error_renders_the_layout_without_request_context_or_database():
    # No `db` fixture: pytest-django makes any query raise, as a database that is down would.
    response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "orbis/app.css" in page and "bootstrap" in page
    assert "Something went wrong on our side" in page
    assert 'href="/"' in page and 'action="/search"' in page
    assert "<script" not in page  # no nonce without a request, so no script would run anyway


@pytest.mark.urls("orbis.tests.urls_failing")
def test_an_uncaught_exception_answers_with_the_styled_500():
    assert not settings.DEBUG
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert re.search(r'<html lang="[a-z-]+" dir="(ltr|rtl)">', page)
