"""Users, teams, roles (actions granted in a set of regions) and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from orbis.kernel.models import BaseModel
from orbis.localisation.models import Region

from .permissions import PERMISSIONS


class Team(BaseModel):
    """A group of users working together, usually in one region (e.g. 'DACH Sales')."""

    name = models.CharField(max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(BaseModel):
    """A set of permitted actions, granted in a set of regions (or in all of them)."""

    name = models.CharField(max_length=100, unique=True)
    permissions = models.JSONField(default=list, help_text="Permission codes, see permissions.py")
    regions = models.ManyToManyField(Region, blank=True, related_name="roles")
    all_regions = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.permissions) - set(PERMISSIONS))
        if unknown:
            raise ValidationError(
                {"permissions": f"Unknown permission codes: {', '.join(unknown)}"}
            )


class User(AbstractUser, BaseModel):
    """A person who signs in to Orbis, with their language, time zone, roles and team."""

    language = models.CharField(max_length=16, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")
    reporting_currency = models.CharField(
        max_length=3,
        default="EUR",
        db_default="EUR",
        help_text="ISO 4217; figures are converted into it",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users")

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(BaseModel):
    """A personal API token: only its SHA-256 is stored; scoped, revocable, with last use."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list, help_text="'read', 'write'")
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
