"""What a user may do and where: the one place that turns roles into permissions and regions.

A permission holds only in the regions of the role that grants it (NetBox's restrict(user,
action) ties each constraint to its permission): holding "change" in EMEA and "view" in APAC
never means "change" in APAC. `Grants` maps each permission to the regions it holds in;
`may(user, permission, region_id)` answers for one row in hand, and
`RegionScopedQuerySet.visible_to(user, action)` applies the same rule to a query.

Results are computed once per user object and kept on it, so a request pays for one query,
read with SQL built once (orbis.kernel.prepared): every API call needs it.

Access guards (kernel registry; privacy's residency policy) may refuse a user a region their
roles grant. Their answer is asked once per user object and region and kept on the user too;
a refused region is left out of visible_to() and may(), and a single record that only a guard
hid is recorded as a refusal (`identity.access_refused` in the audit chain).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
    """What a user's roles grant: every permission they hold, and for each the regions where.

    `held` is every permission of every role (region-free permissions such as identity.manage
    need nothing more); `everywhere` those granted by an all-regions role; `regions` the
    region ids each permission holds in through regional roles.
    """

    held: frozenset[str] = frozenset()
    everywhere: frozenset[str] = frozenset()
    regions: Mapping[str, frozenset[Any]] = field(default_factory=dict)

    @property
    def permissions(self) -> frozenset[str]:
        return self.held

    def region_ids(self, permission: str) -> frozenset[Any] | None:
        """The regions `permission` holds in; None means every region."""
        if permission in self.everywhere:
            return None
        return self.regions.get(permission, frozenset())

    def allows(self, permission: str, region_id: Any) -> bool:
        """Whether a role grants `permission` in `region_id` (before any access guard)."""
        return permission in self.everywhere or region_id in self.regions.get(
            permission, frozenset()
        )

    @property
    def any_region_ids(self) -> frozenset[Any] | None:
        """Every region some permission holds in; None when one holds everywhere."""
        if self.everywhere:
            return None
        return frozenset().union(*self.regions.values())


NO_GRANTS = Grants()


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

    return Grants(frozenset(PERMISSIONS), frozenset(PERMISSIONS))


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
    """Grants from rows of grant_columns(), one per (role, region); a user without roles gives
    a row of NULLs. Each role's permissions hold in that role's regions only."""
    held: set[str] = set()
    everywhere: set[str] = set()
    regions: defaultdict[str, set[Any]] = defaultdict(set)
    for granted_permissions, role_all_regions, granted_region in rows:
        if granted_permissions is None:
            continue
        if isinstance(granted_permissions, str):  # SQLite returns JSON columns as text
            granted_permissions = json.loads(granted_permissions)
        granted = set(granted_permissions or [])
        held |= granted
        if role_all_regions:
            everywhere |= granted
        elif granted_region is not None:
            # Raw columns are not converted: SQLite gives hex text, PostgreSQL a UUID.
            region_id = uuid.UUID(str(granted_region))
            for permission in granted:
                regions[permission].add(region_id)
    return Grants(
        frozenset(held),
        frozenset(everywhere),
        {p: frozenset(ids) for p, ids in regions.items() if p not in everywhere},
    )


def remember_grants(user: Any, grants: Grants) -> None:
    """Keep grants read together with the user (the API token statement) on the user object."""
    user._orbis_grants = _superuser_grants() if user.is_superuser else grants


def has_permission(user: Any, code: str) -> bool:
    """Whether any role grants `code`, in some region: for menus and region-free actions.
    A record's action needs may() (or visible_to(user, action)) for its region."""
    return code in grants_for(user).held


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

        regions = grants_for(user).any_region_ids
        if regions is None:
            regions = frozenset(Region.objects.values_list("pk", flat=True))
        cached = frozenset(r for r in regions if refusal(user, r) is not None)
        user._orbis_refused_regions = cached
    return cached


def log_refusal(user: Any, region_id: Any, reason: str, target: tuple[str, str] | None) -> None:
    """Record that a guard refused `user` one record (its type and id, never its content)."""
    target_type, target_id = target or ("", "")
    record(
        "identity.access_refused",
        actor=user,
        changes={
            "user": str(getattr(user, "pk", "")),
            "region_id": str(region_id),
            "reason": reason,
            "target_type": target_type,
            "target_id": target_id,
        },
    )


def may(user: Any, permission: str, region_id: Any, target: tuple[str, str] | None = None) -> bool:
    """Whether `user` may do `permission` to a record in `region_id`: a role must grant that
    permission in that region, and no access guard refuse it. The rule of visible_to() for one
    row already in hand; a row that only a guard keeps from the user is logged as a refusal."""
    if not grants_for(user).allows(permission, region_id):
        return False
    reason = refusal(user, region_id)
    if reason is not None:
        log_refusal(user, region_id, reason, target)
        return False
    return True


def require_in(user: Any, permission: str, region_id: Any, what: str = "record") -> None:
    """PermissionDenied unless may(user, permission, region_id)."""
    if not may(user, permission, region_id):
        raise PermissionDenied(f"You may not do this ('{permission}') to this {what}.")


def explain_missing(user: Any, model: Any, pk: Any, permission: str) -> None:
    """After a visible_to() fetch found no row `pk`: if it exists and only a guard hid it,
    log the refusal. Only the not-found path pays for this one query."""
    if not registry.access_guards:
        return
    region_field = getattr(model._default_manager.all(), "region_field", "region_id")
    region_id = model._base_manager.filter(pk=pk).values_list(region_field, flat=True).first()
    if region_id is not None:
        may(user, permission, region_id, (model._meta.label_lower, str(pk)))
