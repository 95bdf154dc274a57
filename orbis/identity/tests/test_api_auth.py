"""Bearer-token authentication of the API: missing, unknown, revoked and expired tokens are
401; a read-only token may read but not write (403); audit events name the token's user."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from orbis.audit.models import AuditEvent
from orbis.identity.models import ApiToken
from orbis.identity.tokens import create_token, revoke_token


def call(method, path, token=None, body=None):
    kwargs = {}
    if token is not None:
        kwargs["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(Client(), method)(f"/api/v1/{path}", **kwargs)


def assert_unauthenticated(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"].endswith("/unauthenticated")


def test_me_names_the_token_user(eu_rep, token_for):
    response = call("get", "me", token_for(eu_rep, ["read"]))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "eu_rep" and body["token_scopes"] == ["read"]
    assert body["regions"] == ["emea"] and "customers.view" in body["permissions"]


def test_no_token_is_401(eu_rep):
    assert_unauthenticated(call("get", "contacts"))
    assert_unauthenticated(call("post", "contacts", body={"family_name": "X", "country": "DE"}))


@pytest.mark.parametrize(
    "header",
    ["Bearer orb_not-a-real-token", "Bearer ", "Basic dXNlcjpwdw==", "Token orb_x", "orb_x"],
)
def test_bad_authorization_header_is_401(eu_rep, header):
    response = Client().get("/api/v1/contacts", HTTP_AUTHORIZATION=header)
    assert_unauthenticated(response)


def test_revoked_token_is_401(eu_rep):
    token, raw = create_token(eu_rep, "test", actor=eu_rep)
    assert call("get", "contacts", raw).status_code == 200
    revoke_token(token, actor=eu_rep)
    assert_unauthenticated(call("get", "contacts", raw))


def test_expired_token_is_401(eu_rep):
    token, raw = create_token(eu_rep, "test", actor=eu_rep)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert_unauthenticated(call("get", "contacts", raw))


def test_inactive_user_is_401(eu_rep, token_for):
    raw = token_for(eu_rep)
    eu_rep.is_active = False
    eu_rep.save()
    assert_unauthenticated(call("get", "contacts", raw))


def test_session_login_is_not_enough(eu_rep, client):
    client.force_login(eu_rep)
    assert_unauthenticated(client.get("/api/v1/contacts"))


def test_read_only_token_reads_but_cannot_write(eu_rep, token_for):
    raw = token_for(eu_rep, ["read"])
    assert call("get", "contacts", raw).status_code == 200
    response = call("post", "contacts", raw, {"family_name": "X", "country": "DE"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "'write' scope" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="customers.contact_created").exists()


def test_write_only_token_cannot_read(eu_rep, token_for):
    raw = token_for(eu_rep, ["write"])
    assert call("get", "contacts", raw).status_code == 403
    assert call("post", "contacts", raw, {"family_name": "X", "country": "DE"}).status_code == 201


def test_audit_events_name_the_token_user_and_request(eu_rep, token_for):
    response = Client().post(
        "/api/v1/contacts",
        data=json.dumps({"family_name": "X", "country": "DE"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(eu_rep)}",
        HTTP_X_REQUEST_ID="req-42",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="customers.contact_created")
    assert (event.actor_id, event.actor_label, event.request_id) == (
        str(eu_rep.pk),
        "eu_rep",
        "req-42",
    )
