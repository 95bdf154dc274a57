"""What a user may do and where: the one place that turns roles into permissions and regions.

Results are computed once per user object and kept on it, so a request pays for one query,
read with SQL built once (orbis.kernel.prepared): every API call needs it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection

from orbis.kernel.errors import PermissionDenied
from orbis.kernel.prepared import column, qn, table

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
        user_id = user._meta.pk.get_db_prep_value(user.pk, connection)
        for role in Role.objects.raw(_grants_sql(), [user_id]):
            permissions.update(role.permissions or [])
            all_regions = all_regions or role.all_regions
            granted = getattr(role, "granted_region", None)
            if granted is not None:
                # Raw extra columns are not converted: SQLite gives hex text, PostgreSQL a UUID.
                region_ids.add(uuid.UUID(str(granted)))
        grants = Grants(frozenset(permissions), frozenset(region_ids), all_regions)
    user._orbis_grants = grants
    return grants


@cache
def _grants_sql() -> str:
    """A user's roles with each region they grant: read on every request (kernel.prepared)."""
    users, regions = Role.users.through, Role.regions.through
    return (
        f"SELECT r.{qn('id')}, r.{qn('permissions')}, r.{qn('all_regions')}, "  # noqa: S608
        f"rr.{column(regions, 'region')} AS granted_region FROM {table(Role)} r "
        f"INNER JOIN {table(users)} ur ON ur.{column(users, 'role')} = r.{qn('id')} "
        f"LEFT JOIN {table(regions)} rr ON rr.{column(regions, 'role')} = r.{qn('id')} "
        f"WHERE ur.{column(users, 'user')} = %s"
    )


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
