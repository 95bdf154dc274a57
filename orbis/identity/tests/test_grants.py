"""Grants: each permission holds in the regions of the role that grants it, never pooled."""

from orbis.identity.access import grants_for, has_permission, may
from orbis.identity.services import assign_roles, create_role
from orbis.kernel.actors import SystemActor


def test_a_permission_holds_only_in_the_regions_of_its_role(eu_rep, regions, admin):
    emea, apac = regions["emea"].pk, regions["apac"].pk
    extra = create_role(
        "APAC viewer", ["customers.view", "audit.view"], [regions["apac"]], actor=admin
    )
    assign_roles(eu_rep, [*eu_rep.roles.all(), extra], actor=admin)
    grants = grants_for(eu_rep)

    assert grants.region_ids("customers.view") == {emea, apac}
    assert grants.region_ids("customers.change") == {emea}
    assert may(eu_rep, "customers.change", emea)
    assert not may(eu_rep, "customers.change", apac)
    assert may(eu_rep, "customers.view", apac)
    assert has_permission(eu_rep, "audit.view")


def test_an_all_regions_role_grants_its_permissions_everywhere_and_no_others(
    eu_rep, regions, admin
):
    reader = create_role("Global reader", ["customers.view"], all_regions=True, actor=admin)
    assign_roles(eu_rep, [*eu_rep.roles.all(), reader], actor=admin)
    grants = grants_for(eu_rep)

    assert grants.region_ids("customers.view") is None
    assert grants.region_ids("customers.change") == {regions["emea"].pk}
    assert may(eu_rep, "customers.view", regions["gc"].pk)
    assert not may(eu_rep, "customers.change", regions["gc"].pk)


def test_a_role_without_regions_grants_region_free_permissions_only(regions, admin):
    from orbis.identity.services import create_user

    auditor = create_role("Auditor", ["audit.view", "customers.view"], actor=admin)
    user = create_user("auditor", "correct horse battery staple", roles=[auditor], actor=admin)

    assert has_permission(user, "audit.view")
    assert grants_for(user).region_ids("customers.view") == frozenset()
    assert not may(user, "customers.view", regions["emea"].pk)


def test_superuser_system_actor_and_inactive(admin, eu_rep, regions):
    assert grants_for(admin).region_ids("customers.change") is None
    assert has_permission(admin, "identity.manage")
    assert may(SystemActor("retention"), "customers.archive", regions["apac"].pk)
    type(eu_rep).objects.filter(pk=eu_rep.pk).update(is_active=False)
    assert grants_for(type(eu_rep).objects.get(pk=eu_rep.pk)).permissions == frozenset()
