"""The writers of identity data: users, teams and roles. Each write is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from orbis.audit.services import record
from orbis.kernel.errors import ValidationError
from orbis.kernel.money import validate_currency
from orbis.localisation.countries import validate_language, validate_time_zone
from orbis.localisation.models import Region

from .access import forget_grants
from .models import Role, Team, User
from .permissions import PERMISSIONS


@transaction.atomic
def create_role(
    name: str, permissions: Iterable[str], regions: Iterable[Region] = (), all_regions: bool = False
) -> Role:
    permissions = sorted(set(permissions))
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise ValidationError({"permissions": f"Unknown permission codes: {', '.join(unknown)}."})
    role = Role.objects.create(name=name, permissions=permissions, all_regions=all_regions)
    role.regions.set(regions)
    record(
        "identity.role_created",
        role,
        changes={
            "permissions": permissions,
            "regions": [r.code for r in regions],
            "all_regions": all_regions,
        },
    )
    return role


@transaction.atomic
def create_team(name: str, region: Region) -> Team:
    team = Team.objects.create(name=name, region=region)
    record("identity.team_created", team, changes={"name": name, "region": region.code})
    return team


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
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
    user.set_password(password) if password else user.set_unusable_password()
    user.save()
    user.roles.set(roles)
    record(
        "identity.user_created",
        user,
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


@transaction.atomic
def update_preferences(
    user: User,
    *,
    language: str | None = None,
    time_zone: str | None = None,
    reporting_currency: str | None = None,
) -> User:
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
        record("identity.preferences_changed", user, changes=changes)
    return user


@transaction.atomic
def assign_roles(user: User, roles: Iterable[Role]) -> None:
    roles = list(roles)
    user.roles.set(roles)
    forget_grants(user)
    record("identity.roles_assigned", user, changes={"roles": [r.name for r in roles]})
