from orbis.identity.access import grants_for, has_permission
from orbis.identity.services import assign_roles, create_role


def test_grants_are_the_union_of_roles(eu_rep, regions):
    grants = grants_for(eu_rep)
    assert grants.region_ids == {regions["emea"].pk}
    assert "customers.change" in grants.permissions and not grants.all_regions
    extra = create_role("APAC viewer", ["customers.view", "audit.view"], [regions["apac"]])
    assign_roles(eu_rep, [*eu_rep.roles.all(), extra])
    grants = grants_for(eu_rep)
    assert grants.region_ids == {regions["emea"].pk, regions["apac"].pk}
    assert has_permission(eu_rep, "audit.view")


def test_superuser_and_inactive(admin, eu_rep):
    assert grants_for(admin).all_regions and has_permission(admin, "identity.manage")
    type(eu_rep).objects.filter(pk=eu_rep.pk).update(is_active=False)
    assert grants_for(type(eu_rep).objects.get(pk=eu_rep.pk)).permissions == frozenset()
