"""Preferences, API tokens: a new token's secret is shown once, works, and is never shown again."""

from __future__ import annotations

import re

import pytest

from orbis.identity.models import ApiToken
from orbis.identity.tokens import authenticate_token

pytestmark = pytest.mark.django_db


def test_creating_a_token_shows_its_secret_once_and_lists_it_by_prefix(client, eu_rep):
    client.force_login(eu_rep)
    response = client.post("/preferences/tokens/", {"name": "Warehouse export", "scopes": ["read"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = re.search(r'id="new-token-value"[^>]*value="(orb_[^"]+)"', page)
    assert shown is not None, "the new token is shown once"
    raw = shown.group(1)
    token = authenticate_token(raw)
    assert token is not None and token.user == eu_rep and token.scopes == ["read"]
    assert token.name == "Warehouse export" and token.expires_at is None

    later = client.get("/preferences/tokens/").content.decode()
    assert raw not in later
    assert f"{token.prefix}…" in later and "Warehouse export" in later
    assert "Read: list and view" in later  # the scope in words, not its code


def test_the_preferences_page_and_user_menu_lead_to_the_tokens_page(client, eu_rep):
    client.force_login(eu_rep)
    page = client.get("/preferences/").content.decode()
    assert 'href="/preferences/tokens/"' in page


def test_a_form_missing_its_name_and_scopes_shows_errors_beside_the_fields(client, eu_rep):
    client.force_login(eu_rep)
    page = client.post("/preferences/tokens/", {"name": ""}).content.decode()
    assert 'data-field="name"' in page and 'data-field="scopes"' in page
    assert not ApiToken.objects.filter(user=eu_rep).exists()
