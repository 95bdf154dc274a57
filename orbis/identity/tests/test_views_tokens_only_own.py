"""A user lists and revokes only their own tokens; an identity manager may revoke anyone's;
anyone else's revoke gets the same 404 as a token that does not exist."""

from __future__ import annotations

import uuid

import pytest

from orbis.identity.tokens import authenticate_token, create_token

pytestmark = pytest.mark.django_db


def test_the_list_holds_only_the_viewers_tokens(client, eu_rep, us_rep):
    create_token(us_rep, "Uma's secret integration", actor=us_rep)
    client.force_login(eu_rep)
    assert (
        "Uma&#x27;s secret integration" not in client.get("/preferences/tokens/").content.decode()
    )


def test_a_user_revokes_their_own_token(client, eu_rep):
    token, raw = create_token(eu_rep, "CI", actor=eu_rep)
    client.force_login(eu_rep)
    response = client.post(f"/preferences/tokens/{token.pk}/revoke/", follow=True)
    assert response.redirect_chain[-1][0] == "/preferences/tokens/"
    assert authenticate_token(raw) is None
    assert "CI" in response.content.decode()  # the confirmation names it


def test_another_users_token_cannot_be_revoked_and_looks_missing(client, eu_rep, us_rep):
    token, raw = create_token(us_rep, "CI", actor=us_rep)
    client.force_login(eu_rep)
    theirs = client.post(f"/preferences/tokens/{token.pk}/revoke/")
    missing = client.post(f"/preferences/tokens/{uuid.uuid4()}/revoke/")
    assert theirs.status_code == missing.status_code == 404
    assert authenticate_token(raw) is not None


def test_an_identity_manager_revokes_anyones_token(client, admin, us_rep):
    token, raw = create_token(us_rep, "CI", actor=us_rep)
    client.force_login(admin)
    response = client.post(
        f"/preferences/tokens/{token.pk}/revoke/", {"next": "/preferences/tokens/"}
    )
    assert response.status_code == 302
    assert authenticate_token(raw) is None


def test_revoking_needs_a_post(client, eu_rep):
    token, raw = create_token(eu_rep, "CI", actor=eu_rep)
    client.force_login(eu_rep)
    assert client.get(f"/preferences/tokens/{token.pk}/revoke/").status_code == 405
    assert authenticate_token(raw) is not None
