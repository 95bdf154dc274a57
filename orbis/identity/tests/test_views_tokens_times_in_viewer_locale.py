"""The token list shows created, last used and expiry in the viewer's locale and time zone."""

from __future__ import annotations

import datetime

import pytest

from orbis.identity.models import ApiToken
from orbis.identity.tokens import create_token

pytestmark = pytest.mark.django_db


def test_last_use_is_shown_in_german_and_berlin_time_for_a_german_user(client, eu_rep):
    token, _ = create_token(eu_rep, "CI", actor=eu_rep)
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=datetime.datetime(2026, 12, 3, 9, 37, tzinfo=datetime.UTC),
        expires_at=datetime.datetime(2027, 1, 31, 23, 0, tzinfo=datetime.UTC),
    )
    # Signing in copies eu_rep's language (de) and time zone (Europe/Berlin) into the session.
    client.post("/login/", {"username": "eu_rep", "password": "correct horse battery staple"})
    page = client.get("/preferences/tokens/").content.decode()
    assert "03.12.2026, 10:37" in page  # 09:37 UTC is 10:37 in Berlin
    assert "01.02.2027, 00:00" in page  # the expiry moment, also in Berlin time


def test_a_token_never_used_says_so(client, us_rep):
    create_token(us_rep, "CI", actor=us_rep)
    client.force_login(us_rep)
    page = client.get("/preferences/tokens/").content.decode()
    assert "Never" in page
