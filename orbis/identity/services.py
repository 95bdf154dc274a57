"""The writers of identity data: users, teams and roles. Each write is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction

from orbis.audit.services import record
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.money import validate_currency
from orbis.kernel.versions import check_version
from orbis.localisation.countries import validate_language, validate_time_zone
from orbis.localisation.models import Region

from .access import forget_grants, require
from .models import Role, Team, User
from .permissions import PERMISSIONS

MANAGE = "identity.manage"


@transaction.atomic
def create_role(
    name: str,
    permissions: Iterable[str],
    regions: Iterable[Region] = (),
    *,
    actor: Any,
    all_regions: bool = False,
) -> Role:
    require(actor, MANAGE)
    regions = list(regions)
    permissions = sorted(set(permissions))
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise ValidationError({"permissions": f"Unknown permission codes: {', '.join(unknown)}."})
    role = Role.objects.create(name=name, permissions=permissions, all_regions=all_regions)
    role.regions.set(regions)
    record(
        "identity.role_created",
        role,
        actor=actor,
        changes={
            "permissions": permissions,
            "regions": [r.code for r in regions],
            "all_regions": all_regions,
        },
    )
    return role


@transaction.atomic
def create_team(name: str, region: Region, *, actor: Any) -> Team:
    require(actor, MANAGE)
    team = Team.objects.create(name=name, region=region)
    record(
        "identity.team_created",
        team,
        actor=actor,
        changes={"name": name, "region": region.code},
    )
    return team


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    actor: Any,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    time_zone: str = "UTC",
    reporting_currency: str = "EUR",
    team: Team | None = None,
    roles: Iterable[Role] = (),
    is_superuser: bool = False,
) -> User:
    require(actor, MANAGE)
    roles = list(roles)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken."})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=_preference(language),
        time_zone=validate_time_zone(time_zone),
        reporting_currency=validate_currency(reporting_currency, "reporting_currency"),
        team=team,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.roles.set(roles)
    record(
        "identity.user_created",
        user,
        actor=actor,
        changes={
            "username": username,
            "roles": [r.name for r in roles],
            "superuser": is_superuser,
        },
    )
    return user


def _preference(language: str) -> str:
    """A language tag, normalised; "" is no preference: the browser's language is used."""
    return validate_language(language) if language else ""


def _validate_password(password: str, user: User) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as a field error."""
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from None


@transaction.atomic
def change_password(user: User, old_password: str, new_password: str, *, actor: Any) -> User:
    """A signed-in user replaces their own password, proving they know the current one."""
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied("Only the user may change their own password.")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.check_password(old_password):
        raise ValidationError({"old_password": "This is not your current password."})
    _validate_password(new_password, locked)
    locked.set_password(new_password)
    locked.save(update_fields=["password", "updated_at"])
    record("identity.password_changed", locked, actor=actor)
    return locked


@transaction.atomic
def update_preferences(
    user: User,
    *,
    actor: Any,
    language: str | None = None,
    time_zone: str | None = None,
    reporting_currency: str | None = None,
) -> User:
    """A user's own language, time zone and reporting currency (or an administrator's change)."""
    if getattr(actor, "pk", None) != user.pk:
        require(actor, MANAGE)
    User.objects.select_for_update().filter(pk=user.pk).only("pk").get()
    changes = {}
    if language is not None and _preference(language) != user.language:
        changes["language"] = [user.language, _preference(language)]
        user.language = changes["language"][1]
    if time_zone is not None and time_zone != user.time_zone:
        changes["time_zone"] = [user.time_zone, validate_time_zone(time_zone)]
        user.time_zone = changes["time_zone"][1]
    if reporting_currency is not None:
        currency = validate_currency(reporting_currency, "reporting_currency")
        if currency != user.reporting_currency:
            changes["reporting_currency"] = [user.reporting_currency, currency]
            user.reporting_currency = currency
    if changes:
        user.save(update_fields=["language", "time_zone", "reporting_currency", "updated_at"])
        record("identity.preferences_changed", user, actor=actor, changes=changes)
    return user


@transaction.atomic
def assign_roles(user: User, roles: Iterable[Role], *, actor: Any) -> None:
    require(actor, MANAGE)
    roles = list(roles)
    user.roles.set(roles)
    forget_grants(user)
    record(
        "identity.roles_assigned",
        user,
        actor=actor,
        changes={"roles": [r.name for r in roles]},
    )


# --- managing users and roles (the administration pages; identity.manage) -----------------------

USER_FIELDS = ("first_name", "last_name", "email", "team", "roles", "is_active")
ROLE_FIELDS = ("name", "permissions", "regions", "all_regions")


def _require_manager(actor: Any, target: User | None = None) -> None:
    """identity.manage; changing a superuser also takes being one (else a manager could lock
    out the people who administer the installation)."""
    require(actor, MANAGE)
    if target is not None and target.is_superuser and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("Only a superuser may change a superuser.")


def _is_self(actor: Any, user: User) -> bool:
    return getattr(actor, "pk", None) is not None and actor.pk == user.pk


def _unknown_keys(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))


@transaction.atomic
def update_user(
    user: User, data: dict[str, Any], *, actor: Any, version: str | None = None
) -> User:
    """Change a user's name, email, team, roles or active flag (any subset of USER_FIELDS).

    Names and the email are personal data: the audit event lists which of them changed, not
    their values. Nobody removes their own identity.manage or deactivates themselves.
    """
    _unknown_keys(data, USER_FIELDS)
    locked = User.objects.select_for_update().get(pk=user.pk)
    _require_manager(actor, locked)
    check_version(locked, version)
    changes: dict[str, Any] = {}
    changed_fields = _apply_user_details(locked, data)
    if changed_fields:
        changes["fields"] = changed_fields
    if "team" in data and data["team"] != locked.team:
        team = data["team"]
        changes["team"] = [getattr(locked.team, "name", None), getattr(team, "name", None)]
        locked.team = team
    if "is_active" in data and bool(data["is_active"]) != locked.is_active:
        if not data["is_active"] and _is_self(actor, locked):
            raise ValidationError({"is_active": "You cannot deactivate your own account."})
        changes["is_active"] = [locked.is_active, bool(data["is_active"])]
        locked.is_active = bool(data["is_active"])
    if changes:
        locked.save()
    if "roles" in data:
        roles = list(data["roles"])
        before = sorted(r.name for r in locked.roles.all())
        after = sorted(r.name for r in roles)
        if before != after:
            if _is_self(actor, locked) and not locked.is_superuser and not _grants_manage(roles):
                raise ValidationError(
                    {"roles": "You cannot remove your own permission to manage users."}
                )
            locked.roles.set(roles)
            changes["roles"] = [before, after]
    if changes:
        record("identity.user_updated", locked, changes=changes, actor=actor)
        forget_grants(locked)
        forget_grants(user)
    return locked


def _apply_user_details(user: User, data: dict[str, Any]) -> list[str]:
    """Set first/last name and email from `data`; the names of the fields that changed."""
    errors: dict[str, str] = {}
    changed: list[str] = []
    for name in ("first_name", "last_name", "email"):
        if name not in data:
            continue
        value = str(data[name] or "").strip()
        limit = getattr(User._meta.get_field(name), "max_length", None) or 0
        if len(value) > limit:
            errors[name] = f"At most {limit} characters."
            continue
        if name == "email" and value:
            try:
                validate_email(value)
            except DjangoValidationError:
                errors[name] = "Enter a valid email address."
                continue
        if value != getattr(user, name):
            setattr(user, name, value)
            changed.append(name)
    if errors:
        raise ValidationError(errors)
    return changed


def _grants_manage(roles: Iterable[Role]) -> bool:
    return any(MANAGE in (role.permissions or []) for role in roles)


@transaction.atomic
def set_user_active(user: User, active: bool, *, actor: Any) -> User:
    """Let a user sign in again, or stop them (sessions and API tokens stop working at once:
    both refuse an inactive user)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    _require_manager(actor, locked)
    if locked.is_active == active:
        return locked
    if not active and _is_self(actor, locked):
        raise ValidationError({"is_active": "You cannot deactivate your own account."})
    locked.is_active = active
    locked.save(update_fields=["is_active", "updated_at"])
    action = "identity.user_activated" if active else "identity.user_deactivated"
    record(action, locked, actor=actor)
    forget_grants(locked)
    forget_grants(user)
    return locked


@transaction.atomic
def update_role(
    role: Role, data: dict[str, Any], *, actor: Any, version: str | None = None
) -> Role:
    """Change a role's name, permissions or regions (any subset of ROLE_FIELDS).

    Refused when it would take identity.manage from the actor themselves: the last of their
    roles granting it keeps it.
    """
    _unknown_keys(data, ROLE_FIELDS)
    locked = Role.objects.select_for_update().get(pk=role.pk)
    require(actor, MANAGE)
    check_version(locked, version)
    changes: dict[str, Any] = {}
    if "name" in data:
        name = str(data["name"] or "").strip()
        if not name:
            raise ValidationError({"name": "A role needs a name."})
        if Role.objects.filter(name=name).exclude(pk=locked.pk).exists():
            raise ValidationError({"name": f"There is already a role named {name!r}."})
        if name != locked.name:
            changes["name"] = [locked.name, name]
            locked.name = name
    if "permissions" in data:
        permissions = sorted(set(data["permissions"]))
        unknown = [p for p in permissions if p not in PERMISSIONS]
        if unknown:
            raise ValidationError({"permissions": f"Unknown permissions: {', '.join(unknown)}."})
        if permissions != sorted(locked.permissions):
            if MANAGE not in permissions and _loses_own_manage(actor, locked):
                raise ValidationError(
                    {"permissions": "You cannot remove your own permission to manage users."}
                )
            changes["permissions"] = [sorted(locked.permissions), permissions]
            locked.permissions = permissions
    if "all_regions" in data and bool(data["all_regions"]) != locked.all_regions:
        changes["all_regions"] = [locked.all_regions, bool(data["all_regions"])]
        locked.all_regions = bool(data["all_regions"])
    if changes:
        locked.save()
    if "regions" in data:
        regions = list(data["regions"])
        before = sorted(r.code for r in locked.regions.all())
        after = sorted(r.code for r in regions)
        if before != after:
            locked.regions.set(regions)
            changes["regions"] = [before, after]
    if changes:
        record("identity.role_updated", locked, changes=changes, actor=actor)
        forget_grants(actor)
    return locked


def _loses_own_manage(actor: Any, role: Role) -> bool:
    """Whether taking identity.manage out of `role` leaves the actor without it."""
    if getattr(actor, "is_superuser", False) or getattr(actor, "pk", None) is None:
        return False
    if not role.users.filter(pk=actor.pk).exists():
        return False
    others = Role.objects.filter(users__pk=actor.pk).exclude(pk=role.pk)
    return not _grants_manage(others)
