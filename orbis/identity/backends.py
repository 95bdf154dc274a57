"""Orbis role permissions behind Django's `user.has_perm()`, for apps that may not import identity.

Localisation sits below identity, yet its exchange-rate page must ask whether the viewer may
record a manual rate. `request.user.has_perm("localisation.manage_rates")` asks every
authentication backend; this one answers from the user's Orbis roles (identity.access), so lower
apps check Orbis permissions through Django's own duck-typed interface.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend

from .access import has_permission
from .permissions import PERMISSIONS


class RolePermissionBackend(BaseBackend):
    """Grants the Orbis permissions (PERMISSIONS) that the user's roles hold; signs no one in."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in PERMISSIONS and has_permission(user_obj, perm)


class PasswordBackend(ModelBackend):
    """Signs users in with their password, like Django's ModelBackend, but grants nothing.

    Orbis permissions live in roles (RolePermissionBackend); Django's per-user and per-group
    permission tables are unused, and asking them cost two queries on every page that checks
    a permission. Superusers pass every check before any backend is asked.
    """

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
