"""The API token statement brings the user's grants, equal to what grants_for() reads alone."""

from orbis.identity.access import grants_for
from orbis.identity.models import User
from orbis.identity.services import assign_roles, create_role, create_user
from orbis.identity.tokens import authenticate_token, create_token


def _grants_via_token(user):
    _, raw = create_token(user, "test", actor=user)
    token = authenticate_token(raw)
    assert token is not None
    return getattr(token.user, "_orbis_grants")  # set by the token read


def test_token_grants_equal_grants_for_with_several_roles(eu_rep, regions):
    global_viewer = create_role("Global viewer", ["audit.view"], all_regions=True)
    no_region = create_role("Field definer", ["customers.manage_fields"], [])
    apac = create_role("APAC viewer", ["customers.view"], [regions["apac"], regions["gc"]])
    assign_roles(eu_rep, [*eu_rep.roles.all(), global_viewer, no_region, apac])
    via_token = _grants_via_token(eu_rep)
    assert via_token == grants_for(User.objects.get(pk=eu_rep.pk))
    assert via_token.all_regions
    assert via_token.region_ids == {regions[c].pk for c in ("emea", "apac", "gc")}
    assert {"audit.view", "customers.manage_fields", "customers.change"} <= via_token.permissions


def test_user_without_roles_gets_no_grants(regions):
    nobody = create_user("nobody", "pw-123456789")
    via_token = _grants_via_token(nobody)
    assert via_token.permissions == frozenset() and via_token.region_ids == frozenset()
    assert not via_token.all_regions


def test_superuser_token_grants_everything(admin):
    assert _grants_via_token(admin) == grants_for(admin)
    assert _grants_via_token(admin).all_regions
