"""RegionScopedQuerySet: the one choke point for reading region-owned records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from django.db import models

from .access import grants_for, refused_region_ids


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
