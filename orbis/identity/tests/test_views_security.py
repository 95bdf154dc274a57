"""Pages carry the CSP; scripts carry its nonce; nothing inline; the admin still works."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_csp_and_every_script_has_the_nonce(client, admin, make_contact):
    contact = make_contact(admin)
    client.force_login(admin)
    for url in (
        "/contacts/",
        reverse("customers:contact_detail", args=[contact.pk]),
        "/contacts/new/",
        "/companies/",
        "/preferences/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        found = re.search(r"'nonce-([^']+)'", policy)
        assert found, policy
        nonce = found.group(1)
        page = response.content.decode()
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts and all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts), url
        assert "<style" not in page and " style=" not in page, url
        assert not re.search(r"\son[a-z]+=", page), url  # no inline event handlers


def test_admin_works(client, admin):
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


def test_staff_see_the_admin_link_and_others_do_not(client, admin, eu_rep):
    client.force_login(admin)
    assert 'href="/admin/"' in client.get("/contacts/").content.decode()
    client.force_login(eu_rep)
    assert 'href="/admin/"' not in client.get("/contacts/").content.decode()
