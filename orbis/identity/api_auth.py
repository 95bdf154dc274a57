"""Bearer-token authentication for the REST API: `Authorization: Bearer orb_...`.

A token carries scopes: 'read' lets it call safe methods (GET, HEAD, OPTIONS), 'write' the
others. What the token's user may see and change is still decided by their roles.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from orbis.audit.context import Actor, set_actor
from orbis.kernel.errors import PermissionDenied

from .models import ApiToken
from .tokens import authenticate_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_scope(method: str | None) -> str:
    return "read" if method in SAFE_METHODS else "write"


class TokenAuth(HttpBearer):
    """Resolves the token (one query with its user) and checks the scope the method needs."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = authenticate_token(token.strip())
        if api_token is None:
            return None
        scope = required_scope(request.method)
        if scope not in api_token.scopes:
            raise PermissionDenied(f"This token lacks the '{scope}' scope.")
        user = api_token.user
        request.user = user
        set_actor(Actor(id=str(user.pk), label=user.get_username()))
        return api_token


def api_user(request: HttpRequest) -> Any:
    """The user behind the request's token (set by TokenAuth)."""
    return request.auth.user  # type: ignore[attr-defined]
