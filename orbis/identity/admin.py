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
