"""What a user may do and where: the one place that turns roles into permissions and regions.

Results are computed once per user object and kept on it, so a request pays for one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orbis.kernel.errors import PermissionDenied

from .models import Role


@dataclass(frozen=True)
class Grants:
    """The union of a user's roles: the permissions they hold and the regions they hold them in."""

    permissions: frozenset[str]
    region_ids: frozenset[Any]
    all_regions: bool


NO_GRANTS = Grants(frozenset(), frozenset(), False)


def grants_for(user: Any) -> Grants:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, "_orbis_grants", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        from .permissions import PERMISSIONS

        grants = Grants(frozenset(PERMISSIONS), frozenset(), True)
    else:
        permissions: set[str] = set()
        region_ids: set[Any] = set()
        all_regions = False
        rows = Role.objects.filter(users=user).values_list("permissions", "all_regions", "regions")
        for role_permissions, role_all, region_id in rows:
            permissions.update(role_permissions or [])
            all_regions = all_regions or role_all
            if region_id is not None:
                region_ids.add(region_id)
        grants = Grants(frozenset(permissions), frozenset(region_ids), all_regions)
    user._orbis_grants = grants
    return grants


def has_permission(user: Any, code: str) -> bool:
    return code in grants_for(user).permissions


def require(user: Any, code: str) -> None:
    if not has_permission(user, code):
        raise PermissionDenied(f"You need the '{code}' permission for this.")


def forget_grants(user: Any) -> None:
    """Drop the cached grants after the user's roles changed."""
    if hasattr(user, "_orbis_grants"):
        del user._orbis_grants


def may_view_region(user: Any, region_id: Any, permission: str) -> bool:
    """The rule of RegionScopedQuerySet.visible_to for one row already in hand."""
    grants = grants_for(user)
    if permission not in grants.permissions:
        return False
    return grants.all_regions or region_id in grants.region_ids
