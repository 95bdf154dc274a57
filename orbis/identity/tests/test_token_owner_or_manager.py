"""Token services: a user creates and revokes their own tokens; someone else's needs
identity.manage; the revocation is audited under the acting user; an expiry lies ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from orbis.audit.models import AuditEvent
from orbis.identity.tokens import authenticate_token, create_token, revoke_token
from orbis.kernel.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


def test_a_user_may_not_create_or_revoke_another_users_token(eu_rep, us_rep):
    with pytest.raises(PermissionDenied):
        create_token(us_rep, "mine now", actor=eu_rep)
    token, raw = create_token(us_rep, "CI", actor=us_rep)
    with pytest.raises(PermissionDenied):
        revoke_token(token, actor=eu_rep)
    assert authenticate_token(raw) is not None


def test_an_identity_manager_may_revoke_anyones_token(us_rep, admin):
    token, raw = create_token(us_rep, "CI", actor=us_rep)
    revoke_token(token, actor=admin)
    assert authenticate_token(raw) is None
    event = AuditEvent.objects.get(action="identity.token_revoked")
    assert event.target_id == str(token.pk) and event.actor_id == str(admin.pk)


def test_a_token_needs_a_name_a_scope_and_a_future_expiry(eu_rep):
    with pytest.raises(ValidationError) as error:
        create_token(eu_rep, "  ", actor=eu_rep)
    assert "name" in error.value.errors
    with pytest.raises(ValidationError) as error:
        create_token(eu_rep, "CI", actor=eu_rep, scopes=[])
    assert "scopes" in error.value.errors
    with pytest.raises(ValidationError) as error:
        create_token(eu_rep, "CI", actor=eu_rep, expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in error.value.errors


def test_a_token_past_its_expiry_no_longer_authenticates(eu_rep):
    token, raw = create_token(
        eu_rep, "CI", actor=eu_rep, expires_at=timezone.now() + timedelta(days=1)
    )
    assert authenticate_token(raw) is not None
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save(update_fields=["expires_at"])
    assert authenticate_token(raw) is None
