"""What a user may do and where: the one place that turns roles into permissions and regions.

Results are computed once per user object and kept on it, so a request pays for one query,
read with SQL built once (orbis.kernel.prepared): every API call needs it.

Access guards (kernel registry; privacy's residency policy) may refuse a user a region their
roles grant. Their answer is asked once per user object and region and kept on the user too;
a refused region is left out of visible_to() and may_view_region(), and a single record that
only a guard hid is recorded as a refusal (`identity.access_refused` in the audit chain).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection

from orbis.audit.services import record
from orbis.kernel.errors import PermissionDenied
from orbis.kernel.prepared import Statement, column, qn, table
from orbis.kernel.registry import registry

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
        grants = _superuser_grants()
    else:
        user_id = user._meta.pk.get_db_prep_value(user.pk, connection)
        with connection.cursor() as cursor:
            _GRANTS_READ.execute(cursor, [user_id])
            grants = grants_from_rows(cursor.fetchall())
    user._orbis_grants = grants
    return grants


@cache
def _superuser_grants() -> Grants:
    from .permissions import PERMISSIONS

    return Grants(frozenset(PERMISSIONS), frozenset(), True)


@cache
def grant_columns() -> str:
    """A role's permissions, its all-regions flag and one region it grants: grants_from_rows()."""
    regions = Role.regions.through
    return f"r.{qn('permissions')}, r.{qn('all_regions')}, rr.{column(regions, 'region')}"


@cache
def grant_joins(user_id_column: str) -> str:
    """LEFT JOINs from a row holding a user id to each (role, granted region) of that user."""
    users, regions = Role.users.through, Role.regions.through
    return (
        f"LEFT JOIN {table(users)} ur ON ur.{column(users, 'user')} = {user_id_column} "
        f"LEFT JOIN {table(Role)} r ON r.{qn('id')} = ur.{column(users, 'role')} "
        f"LEFT JOIN {table(regions)} rr ON rr.{column(regions, 'role')} = r.{qn('id')}"
    )


def _grants_sql(vendor: str) -> str:
    """A user's roles with each region they grant: read on every request (kernel.prepared)."""
    user = Role.users.through._meta.get_field("user").related_model
    return (
        f"SELECT {grant_columns()} FROM {table(user)} x "  # noqa: S608
        f"{grant_joins('x.' + qn('id'))} WHERE x.{qn('id')} = %s"
    )


_GRANTS_READ = Statement("grants", _grants_sql)


def grants_from_rows(rows: Iterable[Sequence[Any]]) -> Grants:
    """Grants from rows of grant_columns(); rows of a user without roles hold NULLs."""
    permissions: set[str] = set()
    region_ids: set[Any] = set()
    all_regions = False
    for granted_permissions, role_all_regions, granted_region in rows:
        if granted_permissions is None:
            continue
        if isinstance(granted_permissions, str):  # SQLite returns JSON columns as text
            granted_permissions = json.loads(granted_permissions)
        permissions.update(granted_permissions or [])
        all_regions = all_regions or bool(role_all_regions)
        if granted_region is not None:
            # Raw columns are not converted: SQLite gives hex text, PostgreSQL a UUID.
            region_ids.add(uuid.UUID(str(granted_region)))
    return Grants(frozenset(permissions), frozenset(region_ids), all_regions)


def remember_grants(user: Any, grants: Grants) -> None:
    """Keep grants read together with the user (the API token statement) on the user object."""
    user._orbis_grants = _superuser_grants() if user.is_superuser else grants


def has_permission(user: Any, code: str) -> bool:
    return code in grants_for(user).permissions


def require(user: Any, code: str) -> None:
    if not has_permission(user, code):
        raise PermissionDenied(f"You need the '{code}' permission for this.")


def forget_grants(user: Any) -> None:
    """Drop the cached grants (and guard answers) after the user's roles or team changed."""
    for name in ("_orbis_grants", "_orbis_refusals", "_orbis_refused_regions"):
        if hasattr(user, name):
            delattr(user, name)


def refusal(user: Any, region_id: Any) -> str | None:
    """Why a registered access guard keeps `user` out of `region_id`, or None; asked once."""
    if not registry.access_guards or user is None:
        return None
    memo: dict[Any, str | None] | None = getattr(user, "_orbis_refusals", None)
    if memo is None:
        memo = user._orbis_refusals = {}
    if region_id not in memo:
        memo[region_id] = next(
            (reason for guard in registry.access_guards if (reason := guard(user, region_id))),
            None,
        )
    return memo[region_id]


def refused_region_ids(user: Any) -> frozenset[Any]:
    """Every region a guard refuses `user` (for an all-regions role: asks about each region)."""
    if not registry.access_guards:
        return frozenset()
    cached = getattr(user, "_orbis_refused_regions", None)
    if cached is None:
        from orbis.localisation.models import Region

        grants = grants_for(user)
        regions = grants.region_ids
        if grants.all_regions:
            regions = frozenset(Region.objects.values_list("pk", flat=True))
        cached = frozenset(r for r in regions if refusal(user, r) is not None)
        user._orbis_refused_regions = cached
    return cached


def log_refusal(user: Any, region_id: Any, reason: str, target: tuple[str, str] | None) -> None:
    """Record that a guard refused `user` one record (its type and id, never its content)."""
    target_type, target_id = target or ("", "")
    record(
        "identity.access_refused",
        changes={
            "user": str(getattr(user, "pk", "")),
            "region_id": str(region_id),
            "reason": reason,
            "target_type": target_type,
            "target_id": target_id,
        },
    )


def may_view_region(
    user: Any, region_id: Any, permission: str, target: tuple[str, str] | None = None
) -> bool:
    """The rule of RegionScopedQuerySet.visible_to for one row already in hand; a row that
    only an access guard keeps from the user is logged as a refusal."""
    grants = grants_for(user)
    if permission not in grants.permissions:
        return False
    if not (grants.all_regions or region_id in grants.region_ids):
        return False
    reason = refusal(user, region_id)
    if reason is not None:
        log_refusal(user, region_id, reason, target)
        return False
    return True


def explain_missing(user: Any, model: Any, pk: Any, permission: str) -> None:
    """After a visible_to() fetch found no row `pk`: if it exists and only a guard hid it,
    log the refusal. Only the not-found path pays for this one query."""
    if not registry.access_guards:
        return
    region_id = model._base_manager.filter(pk=pk).values_list("region_id", flat=True).first()
    if region_id is not None:
        may_view_region(user, region_id, permission, (model._meta.label_lower, str(pk)))
