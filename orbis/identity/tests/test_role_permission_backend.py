"""user.has_perm() answers Orbis permissions from the user's roles (identity.backends)."""

from __future__ import annotations

import pytest

from orbis.identity import services
from orbis.identity.tests.signing_in import signs_in
from orbis.kernel.actors import SystemActor

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db


def test_a_role_granting_manage_rates_shows_through_has_perm(regions, eu_rep):
    role = services.create_role(
        "Treasury", ["localisation.manage_rates"], all_regions=True, actor=SETUP
    )
    treasurer = services.create_user("treasurer", "pw-treasury-long-1", roles=[role], actor=SETUP)

    assert treasurer.has_perm("localisation.manage_rates")
    assert not treasurer.has_perm("customers.view")
    assert not eu_rep.has_perm("localisation.manage_rates")
    assert eu_rep.has_perm("customers.view")


def test_codes_that_are_not_orbis_permissions_are_not_granted_by_roles(regions):
    role = services.create_role("Everything", ["customers.view"], all_regions=True, actor=SETUP)
    user = services.create_user("someone", "pw-someone-long-1", roles=[role], actor=SETUP)

    assert not user.has_perm("auth.add_user")


def test_an_inactive_user_has_no_permission(regions):
    role = services.create_role(
        "Treasury", ["localisation.manage_rates"], all_regions=True, actor=SETUP
    )
    user = services.create_user("gone", "pw-gone-long-1", roles=[role], actor=SETUP)
    user.is_active = False

    assert not user.has_perm("localisation.manage_rates")


def test_a_permission_check_reads_only_the_roles(regions, eu_rep, django_assert_num_queries):
    # Django's own user and group permission tables are unused: no queries for them.
    from orbis.identity.models import User

    fresh = User.objects.get(pk=eu_rep.pk)
    with django_assert_num_queries(1):  # the user's grants, once
        assert fresh.has_perm("customers.view")
        assert not fresh.has_perm("localisation.manage_rates")
        assert not fresh.has_perm("auth.add_user")


def test_passwords_still_sign_in(client, regions):
    services.create_user("signer", "pw-signer-long-123", actor=SETUP)
    assert signs_in("signer", "pw-signer-long-123")
    assert not signs_in("signer", "wrong-password-1")
