"""API tokens: random, shown once, stored as SHA-256 (they carry 256 bits, so no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from orbis.audit.services import record
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.prepared import RowReader, Statement, column, qn, table

from .access import (
    grant_columns,
    grant_joins,
    grants_from_rows,
    has_permission,
    remember_grants,
)
from .models import ApiToken, User

TOKEN_PREFIX = "orb_"
SCOPES = ("read", "write")
# A user's unrevoked tokens (expired ones included) are few enough to list on one page.
MAX_OPEN_TOKENS = 25
# Writing last_used_at on every request would make each GET a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require_own_or_manager(actor: Any, user: User, what: str) -> None:
    """A user manages their own tokens; someone else's needs identity.manage."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        return
    if not has_permission(actor, "identity.manage"):
        raise PermissionDenied(f"Only the token's owner or an administrator may {what} it.")


def open_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens not yet revoked (expired ones too, until revoked), newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


@transaction.atomic
def create_token(
    user: User,
    name: str,
    *,
    actor: Any,
    scopes: Iterable[str] | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it and the raw secret, which is never stored."""
    _require_own_or_manager(actor, user, "create")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name that says what it is for."})
    scopes = sorted(set(SCOPES if scopes is None else scopes))
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValidationError({"scopes": f"Unknown scopes: {', '.join(unknown)}."})
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one scope."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must lie in the future."})
    # Locking the user row serialises two creates, so neither can slip past the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if open_tokens(user).count() >= MAX_OPEN_TOKENS:
        raise ValidationError(
            {"tokens": f"At most {MAX_OPEN_TOKENS} tokens at a time; revoke one you no longer use."}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[:12],
        digest=digest(raw),
        scopes=scopes,
        expires_at=expires_at,
    )
    record(
        "identity.token_created",
        token,
        changes={
            "user": str(user.pk),
            "name": token.name,
            "scopes": scopes,
            "expires_at": expires_at,
        },
        actor=actor,
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    """Revoke `token` (its owner, or an administrator); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _require_own_or_manager(actor, token.user, "revoke")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record(
            "identity.token_revoked",
            token,
            changes={"user": str(token.user_id)},
            actor=actor,
        )
    return token


_TOKEN = RowReader(ApiToken, "t")
_USER = RowReader(User, "u")


def _token_sql(vendor: str) -> str:
    """Every API call runs this read; see orbis.kernel.prepared for why it is raw SQL.

    One row per (role, granted region) of the token's user, so the grants every scoped read
    needs arrive in the same round trip as the token and its user.
    """
    return (
        f"SELECT {_TOKEN.columns}, {_USER.columns}, {grant_columns()} "  # noqa: S608
        f"FROM {table(ApiToken)} t "
        f"INNER JOIN {table(User)} u ON u.{qn('id')} = {column(ApiToken, 'user', 't')} "
        f"{grant_joins('u.' + qn('id'))} "
        f"WHERE {column(ApiToken, 'digest', 't')} = %s"
    )


_TOKEN_READ = Statement("token", _token_sql)


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for `raw` with its active user and their grants (one query), or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    with connection.cursor() as cursor:
        _TOKEN_READ.execute(cursor, [digest(raw)])
        rows = cursor.fetchall()
    if not rows:
        return None
    first, user_end = rows[0], len(_TOKEN) + len(_USER)
    token, user = _TOKEN.build(first[: len(_TOKEN)]), _USER.build(first[len(_TOKEN) : user_end])
    remember_grants(user, grants_from_rows(row[user_end:] for row in rows))
    now = timezone.now()
    if token.revoked_at is not None or not user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    token.user = user
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
