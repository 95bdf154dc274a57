"""API tokens: random, shown once, stored as SHA-256 (they carry 256 bits, so no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from django.db import connection
from django.utils import timezone

from orbis.audit.services import record
from orbis.kernel.errors import ValidationError
from orbis.kernel.prepared import column, select_all

from .models import ApiToken, User

TOKEN_PREFIX = "orb_"
SCOPES = ("read", "write")
# Writing last_used_at on every request would make each GET a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    user: User, name: str = "API token", scopes: list[str] | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it and the raw secret, which is never stored."""
    scopes = list(scopes or SCOPES)
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValidationError({"scopes": f"Unknown scopes: {', '.join(unknown)}."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:12], digest=digest(raw), scopes=scopes
    )
    record("identity.token_created", token, changes={"name": name, "scopes": scopes})
    return token, raw


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record("identity.token_revoked", token)


@cache
def _token_sql() -> tuple[str, str]:
    """Every API call runs these two reads; see orbis.kernel.prepared for why they are raw."""
    token = select_all(ApiToken, "t") + f" WHERE {column(ApiToken, 'digest', 't')} = %s"
    user = select_all(User, "u") + f" WHERE {column(User, 'id', 'u')} = %s"
    return token, user


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for `raw` with its active user loaded, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token_sql, user_sql = _token_sql()
    token = next(iter(ApiToken.objects.raw(token_sql, [digest(raw)])), None)
    now = timezone.now()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    user_id = User._meta.pk.get_db_prep_value(token.user_id, connection)
    user = next(iter(User.objects.raw(user_sql, [user_id])), None)
    if user is None or not user.is_active:
        return None
    token.user = user
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
