"""A record outside the viewer's regions gets the very same 404 page as one that never existed."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.django_db


def normalised(page: str, path: str) -> str:
    """The page without what differs by request anyway: its own path, nonce and CSRF token."""
    page = page.replace(path, "PATH")
    page = re.sub(r'nonce="[^"]*"', 'nonce=""', page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_contact_in_another_region_and_a_missing_one_give_identical_404s(
    client, eu_rep, admin, make_contact
):
    tokyo = make_contact(admin, given_name="Haruto", family_name="Sato", country="JP")
    client.force_login(eu_rep)
    hidden_path = f"/contacts/{tokyo.pk}/"
    missing_path = f"/contacts/{uuid.uuid4()}/"
    hidden, missing = client.get(hidden_path), client.get(missing_path)
    assert hidden.status_code == missing.status_code == 404
    assert normalised(hidden.content.decode(), hidden_path) == normalised(
        missing.content.decode(), missing_path
    )
    assert "Sato" not in hidden.content.decode()
    assert "This page does not exist" in hidden.content.decode()
