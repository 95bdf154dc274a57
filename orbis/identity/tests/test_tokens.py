from datetime import timedelta

import pytest
from django.utils import timezone

from orbis.identity.models import ApiToken
from orbis.identity.tokens import authenticate_token, create_token, digest, revoke_token
from orbis.kernel.errors import ValidationError


def test_token_is_stored_hashed_and_authenticates(eu_rep):
    token, raw = create_token(eu_rep, "CI", actor=eu_rep, scopes=["read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("orb_") and len(raw) > 40
    assert stored.digest == digest(raw) and raw not in (stored.digest, stored.prefix)
    found = authenticate_token(raw)
    assert found is not None and found.user == eu_rep and found.scopes == ["read"]
    assert found.last_used_at is not None


def test_revoked_expired_unknown_and_inactive_tokens_fail(eu_rep):
    token, raw = create_token(eu_rep, "test", actor=eu_rep)
    assert authenticate_token(raw + "x") is None
    assert authenticate_token("Bearer " + raw) is None
    revoke_token(token, actor=eu_rep)
    assert authenticate_token(raw) is None

    token2, raw2 = create_token(eu_rep, "test", actor=eu_rep)
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert authenticate_token(raw2) is None

    _, raw3 = create_token(eu_rep, "test", actor=eu_rep)
    eu_rep.is_active = False
    eu_rep.save()
    assert authenticate_token(raw3) is None


def test_unknown_scope_is_refused(eu_rep):
    with pytest.raises(ValidationError):
        create_token(eu_rep, "test", actor=eu_rep, scopes=["admin"])
