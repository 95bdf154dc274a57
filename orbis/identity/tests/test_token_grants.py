"""The API token statement brings the user's grants, equal to what grants_for() reads alone."""

from orbis.identity.access import grants_for
from orbis.identity.models import User
from orbis.identity.services import assign_roles, create_role, create_user
from orbis.identity.tokens import authenticate_token, create_token
from orbis.kernel.actors import SystemActor

SETUP = SystemActor("test-setup")  # builds fixtures through the services


def _grants_via_token(user):
    _, raw = create_token(user, "test", actor=user)
    token = authenticate_token(raw)
    assert token is not None
    return getattr(token.user, "_orbis_grants")  # set by the token read


def test_token_grants_equal_grants_for_with_several_roles(eu_rep, regions):
    global_viewer = create_role("Global viewer", ["audit.view"], all_regions=True, actor=SETUP)
    no_region = create_role("Field definer", ["customers.manage_fields"], [], actor=SETUP)
    apac = create_role(
        "APAC viewer", ["customers.view"], [regions["apac"], regions["gc"]], actor=SETUP
    )
    assign_roles(eu_rep, [*eu_rep.roles.all(), global_viewer, no_region, apac], actor=SETUP)
    via_token = _grants_via_token(eu_rep)
    assert via_token == grants_for(User.objects.get(pk=eu_rep.pk))
    assert via_token.region_ids("audit.view") is None
    assert via_token.region_ids("customers.view") == {regions[c].pk for c in ("emea", "apac", "gc")}
    assert via_token.region_ids("customers.change") == {regions["emea"].pk}
    assert {"audit.view", "customers.manage_fields", "customers.change"} <= via_token.permissions


def test_user_without_roles_gets_no_grants(regions):
    nobody = create_user("nobody", "pw-123456789", actor=SETUP)
    via_token = _grants_via_token(nobody)
    assert via_token.permissions == frozenset()
    assert via_token.region_ids("customers.view") == frozenset()


def test_superuser_token_grants_everything(admin):
    assert _grants_via_token(admin) == grants_for(admin)
    assert _grants_via_token(admin).region_ids("identity.manage") is None
