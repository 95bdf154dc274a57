"""RegionScopedQuerySet: the one choke point for reading region-owned records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from django.db import models

from orbis.kernel.errors import NotFound, PermissionDenied
from orbis.kernel.ids import record_id

from .access import explain_missing, grants_for, refused_region_ids


class RegionScopedQuerySet(models.QuerySet):
    """Rows carry a region (`region_field`: their own, or e.g. their contact's);
    `visible_to(user, action)` keeps those in the regions where one of the user's roles grants
    the permission that `action` stands for, less any a residency guard refuses.

    `actions` maps each action on these rows to the permission it needs; every model declares
    its own (the access meta-test proves each action is allowed exactly where a role grants it).
    """

    actions: ClassVar[Mapping[str, str]] = {
        "view": "customers.view",
        "change": "customers.change",
        "archive": "customers.archive",
    }
    region_field: ClassVar[str] = "region_id"

    @classmethod
    def permission_for(cls, action: str) -> str:
        try:
            return cls.actions[action]
        except KeyError:
            raise ValueError(
                f"{cls.__name__} knows no action {action!r}; it has: {', '.join(cls.actions)}"
            ) from None

    @property
    def view_permission(self) -> str:
        return self.permission_for("view")

    def visible_to(self, user: Any, action: str = "view") -> Self:
        regions = grants_for(user).region_ids(self.permission_for(action))
        if regions is not None and not regions:
            return self.none()
        # Regions an access guard (residency policy) refuses this user; empty without guards.
        refused = refused_region_ids(user)
        lookup = f"{self.region_field}__in"
        if regions is None:
            return self.exclude(**{lookup: refused}) if refused else self.all()
        # Keep in step with access.may, the same rule for a row already loaded.
        return self.filter(**{lookup: regions - refused})


def access_record(
    queryset: RegionScopedQuerySet,
    user: Any,
    pk: Any,
    *,
    action: str,
    for_update: bool,
    missing: str,
) -> Any:
    """The row `pk` of `queryset`'s model if `user` may do `action` to it (locked when
    `for_update`), raising NotFound otherwise, whether or not it exists: a record outside the
    user's regions looks like one that is not there. `queryset` adds what the page shows
    (select_related...) and is narrowed here by visible_to."""
    scoped = queryset.visible_to(user, action)
    if for_update:
        # Lock the row alone: PostgreSQL refuses FOR UPDATE across a nullable join.
        scoped = scoped.select_for_update(of=("self",))
    row = scoped.filter(pk=record_id(pk)).first()
    if row is None:
        model = queryset.model
        # Seen but not to be changed: say so (403), since the user knows it exists; anything
        # the user may not even see stays a 404.
        if action != "view" and model.objects.visible_to(user).filter(pk=record_id(pk)).exists():
            raise PermissionDenied(f"You may not {action} this record.")
        explain_missing(user, model, record_id(pk), scoped.permission_for(action))
        raise NotFound(missing)
    return row
