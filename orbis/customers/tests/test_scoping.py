"""The region-scoping matrix at the read layer: visible_to and access_* for every named user."""

import pytest

from orbis.customers.models import Company, Contact
from orbis.customers.querysets import access_company, access_contact
from orbis.customers.search import search_contacts
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import NotFound

SETUP = SystemActor("test-setup")  # builds fixtures through the services


@pytest.fixture
def world(admin, make_contact, make_company):
    return {
        "de": make_contact(admin, family_name="Zimmermann", country="DE"),
        "us": make_contact(admin, family_name="Zimmerman", country="US"),
        "jp": make_contact(admin, given_name="太郎", family_name="山田", country="JP"),
        "us_co": make_company(admin, name="Zimmer Holdings", country="US"),
    }


@pytest.mark.parametrize(
    ("user_fixture", "visible"),
    [
        ("eu_rep", {"de"}),
        ("us_rep", {"us"}),
        ("apac_agent", {"jp"}),
        ("dpo", {"de", "us", "jp"}),
        ("admin", {"de", "us", "jp"}),
    ],
)
def test_each_user_sees_only_their_regions(request, world, user_fixture, visible):
    user = request.getfixturevalue(user_fixture)
    ids = set(Contact.objects.visible_to(user).values_list("pk", flat=True))
    assert ids == {world[key].pk for key in visible}
    for key in {"de", "us", "jp"}:
        if key in visible:
            assert access_contact(user, world[key].pk).pk == world[key].pk
        else:
            with pytest.raises(NotFound):
                access_contact(user, world[key].pk)


def test_emea_rep_cannot_search_north_american_contacts(world, eu_rep, admin):
    assert {c.pk for c in search_contacts(eu_rep, "zimmerman")} == {world["de"].pk}
    assert {c.pk for c in search_contacts(admin, "zimmerman")} == {world["de"].pk, world["us"].pk}


def test_companies_are_scoped_too(world, eu_rep, us_rep):
    assert not Company.objects.visible_to(eu_rep).exists()
    with pytest.raises(NotFound):
        access_company(eu_rep, world["us_co"].pk)
    assert access_company(us_rep, world["us_co"].pk) == world["us_co"]


def test_user_without_roles_sees_nothing(world, db):
    from orbis.identity.services import create_user

    nobody = create_user("nobody", "x" * 20, actor=SETUP)
    assert not Contact.objects.visible_to(nobody).exists()
    assert not Contact.objects.visible_to(None).exists()


def test_malformed_id_is_not_found(world, admin):
    with pytest.raises(NotFound):
        access_contact(admin, "not-a-uuid")
