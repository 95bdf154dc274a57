"""An administrator cannot take away their own identity.manage, nor deactivate themselves:
neither through their user page nor by editing the role that grants it."""

from __future__ import annotations

import pytest

from orbis.identity import services
from orbis.identity.access import has_permission
from orbis.identity.models import Role, User
from orbis.identity.tests.conftest import SETUP
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db


def test_removing_ones_own_managing_role_is_refused(user_admin):
    with pytest.raises(ValidationError) as error:
        services.update_user(user_admin, {"roles": []}, actor=user_admin)
    assert "roles" in error.value.errors
    assert has_permission(User.objects.get(pk=user_admin.pk), "identity.manage")


def test_deactivating_oneself_is_refused(client, user_admin):
    with pytest.raises(ValidationError):
        services.set_user_active(user_admin, False, actor=user_admin)
    client.force_login(user_admin)
    role = Role.objects.get(name="User administration")
    page = client.post(
        f"/settings/users/{user_admin.pk}/",
        {"roles": [str(role.pk)], "version": User.objects.get(pk=user_admin.pk).etag},
    ).content.decode()  # is_active left out: unticked
    assert 'data-field="is_active"' in page
    assert User.objects.get(pk=user_admin.pk).is_active


def test_taking_identity_manage_out_of_ones_own_only_role_is_refused(user_admin):
    role = Role.objects.get(name="User administration")
    with pytest.raises(ValidationError) as error:
        services.update_role(role, {"permissions": ["audit.view"]}, actor=user_admin)
    assert "permissions" in error.value.errors
    assert Role.objects.get(pk=role.pk).permissions == ["identity.manage"]


def test_another_role_granting_it_makes_the_change_allowed(user_admin):
    backup = services.create_role("Backup admins", ["identity.manage"], actor=SETUP)
    services.update_user(user_admin, {"roles": [*user_admin.roles.all(), backup]}, actor=SETUP)
    role = Role.objects.get(name="User administration")
    services.update_role(role, {"permissions": ["audit.view"]}, actor=user_admin)
    assert Role.objects.get(pk=role.pk).permissions == ["audit.view"]
