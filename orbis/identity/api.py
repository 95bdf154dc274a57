"""API endpoints about the caller: who the token belongs to and what it may do."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from orbis.localisation.models import Region

from .access import grants_for

router = Router()


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
    """The token's user, its scopes, and the permissions and regions their roles grant."""
    token = request.auth  # type: ignore[attr-defined]
    user = token.user
    grants = grants_for(user)
    regions = Region.objects.order_by("code")
    if not grants.all_regions:
        regions = regions.filter(pk__in=grants.region_ids)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": str(user),
        "language": user.language,
        "time_zone": user.time_zone,
        "token_scopes": sorted(token.scopes),
        "permissions": sorted(grants.permissions),
        "all_regions": grants.all_regions,
        "regions": list(regions.values_list("code", flat=True)),
    }
