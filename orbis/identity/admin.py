from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from orbis.audit.admin import AuditedModelAdmin

from .models import ApiToken, Role, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedModelAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Orbis", {"fields": ("language", "time_zone", "team", "roles")}),
    )
    list_display = ("username", "email", "team", "is_active", "is_superuser")
    filter_horizontal = ("roles", "groups", "user_permissions")

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "language" in form.base_fields:
            # Left empty, the user has no preference and gets their browser's language.
            form.base_fields["language"].required = False
        return form


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    list_display = ("name", "all_regions")
    filter_horizontal = ("regions",)


@admin.register(Team)
class TeamAdmin(AuditedModelAdmin):
    list_display = ("name", "region")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ("name", "user", "prefix", "scopes", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "last_used_at")
