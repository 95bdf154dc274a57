"""The user menu links to the browsable API documentation, and the link opens it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_user_menu_links_to_the_api_docs_and_the_link_works(client, eu_rep):
    client.force_login(eu_rep)
    page = client.get("/preferences/").content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*id="api-docs-link"', page)
    assert link and link.group(1) == "/api/v1/docs"
    docs = client.get(link.group(1))
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_signed_out_pages_do_not_show_the_user_menu_link(client):
    assert 'id="api-docs-link"' not in client.get("/login/").content.decode()
