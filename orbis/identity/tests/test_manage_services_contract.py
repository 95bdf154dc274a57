"""update_user, set_user_active and update_role: keyword-only actor, identity.manage checked
inside, a superuser changed only by a superuser, unknown fields refused."""

from __future__ import annotations

import inspect

import pytest

from orbis.identity import services
from orbis.identity.models import Role
from orbis.kernel.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "service", [services.update_user, services.set_user_active, services.update_role]
)
def test_the_actor_is_keyword_only_and_required(service):
    actor = inspect.signature(service).parameters["actor"]
    assert actor.kind is inspect.Parameter.KEYWORD_ONLY and actor.default is inspect.Parameter.empty


def test_without_identity_manage_every_change_is_refused(eu_rep, us_rep):
    with pytest.raises(PermissionDenied):
        services.update_user(us_rep, {"first_name": "X"}, actor=eu_rep)
    with pytest.raises(PermissionDenied):
        services.set_user_active(us_rep, False, actor=eu_rep)
    with pytest.raises(PermissionDenied):
        services.update_role(Role.objects.get(name="EMEA sales"), {"name": "X"}, actor=eu_rep)


def test_a_superuser_is_changed_only_by_a_superuser(user_admin, admin):
    with pytest.raises(PermissionDenied):
        services.set_user_active(admin, False, actor=user_admin)


def test_unknown_fields_and_a_bad_email_are_refused(user_admin, eu_rep):
    with pytest.raises(ValidationError) as error:
        services.update_user(eu_rep, {"is_superuser": True}, actor=user_admin)
    assert "is_superuser" in error.value.errors
    with pytest.raises(ValidationError) as error:
        services.update_user(eu_rep, {"email": "not an address"}, actor=user_admin)
    assert "email" in error.value.errors
