"""API endpoints about the caller: who the token belongs to and what it may do."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from orbis.localisation.models import Region

from .access import grants_for

router = Router()


class GrantOut(Schema):
    permission: str
    all_regions: bool
    regions: list[str]
    grants: list[GrantOut]


class MeOut(Schema):
    id: UUID
    username: str
    name: str
    language: str
    time_zone: str
    token_scopes: list[str]
    permissions: list[str]
    all_regions: bool
    regions: list[str]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    """The token's user, its scopes, and each permission their roles grant with the regions it
    holds in (`regions` and `all_regions`: where at least one of them holds)."""
    token = request.auth  # type: ignore[attr-defined]
    user = token.user
    grants = grants_for(user)
    codes: dict[object, str] = dict(Region.objects.order_by("code").values_list("pk", "code"))

    def where(ids: frozenset[object] | None) -> list[str]:
        return (
            sorted(codes.values()) if ids is None else sorted(codes[i] for i in ids if i in codes)
        )

    reachable = grants.any_region_ids
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": str(user),
        "language": user.language,
        "time_zone": user.time_zone,
        "token_scopes": sorted(token.scopes),
        "permissions": sorted(grants.permissions),
        "all_regions": reachable is None,
        "regions": where(reachable),
        "grants": [
            {
                "permission": p,
                "all_regions": grants.region_ids(p) is None,
                "regions": where(grants.region_ids(p)),
            }
            for p in sorted(grants.permissions)
        ],
    }
