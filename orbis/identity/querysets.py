"""RegionScopedQuerySet: the one choke point for reading region-owned records."""

from __future__ import annotations

from typing import Any, Self

from django.db import models

from .access import grants_for, refused_region_ids


class RegionScopedQuerySet(models.QuerySet):
    """Rows carry a region (`region_field`: their own, or e.g. their contact's); `visible_to(user)`
    keeps those in the user's regions for `view_permission`, less any a residency guard refuses."""

    view_permission = "customers.view"
    region_field = "region_id"

    def visible_to(self, user: Any) -> Self:
        grants = grants_for(user)
        if self.view_permission not in grants.permissions:
            return self.none()
        # Regions an access guard (residency policy) refuses this user; empty without guards.
        refused = refused_region_ids(user)
        lookup = f"{self.region_field}__in"
        if grants.all_regions:
            return self.exclude(**{lookup: refused}) if refused else self.all()
        # Keep in step with access.may_view_region, the same rule for a row already loaded.
        return self.filter(**{lookup: grants.region_ids - refused})
