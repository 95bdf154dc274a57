"""Creating a user from the page runs Django's password validators; the new user signs in."""

from __future__ import annotations

import pytest

from orbis.identity import services
from orbis.identity.models import Role, User
from orbis.identity.tests.conftest import SETUP
from orbis.identity.tests.signing_in import signs_in

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "username": "new.rep",
        "first_name": "Noor",
        "last_name": "Haddad",
        "email": "noor@example.com",
        "password1": "Sunlit-orchard-47",
        "password2": "Sunlit-orchard-47",
        "language": "ar",
        "time_zone": "Asia/Dubai",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "password", ["password", "short1", "new.rep1"], ids=["common", "short", "like-username"]
)
def test_a_weak_password_is_refused_beside_the_field(client, user_admin, password):
    client.force_login(user_admin)
    response = client.post("/settings/users/new/", form(password1=password, password2=password))
    assert response.status_code == 200
    assert 'data-field="password1"' in response.content.decode()
    assert not User.objects.filter(username="new.rep").exists()


def test_two_different_passwords_are_refused(client, user_admin):
    client.force_login(user_admin)
    page = client.post("/settings/users/new/", form(password2="Other-orchard-48")).content.decode()
    assert 'data-field="password2"' in page


def test_a_taken_username_is_refused(client, user_admin, eu_rep):
    client.force_login(user_admin)
    page = client.post("/settings/users/new/", form(username="EU_REP")).content.decode()
    assert 'data-field="username"' in page


def test_the_created_user_has_the_chosen_roles_and_team_and_signs_in(
    client, user_admin, eu_rep, regions
):
    team = services.create_team("Gulf Sales", regions["emea"], actor=SETUP)
    role = Role.objects.get(name="EMEA sales")
    client.force_login(user_admin)
    response = client.post("/settings/users/new/", form(roles=[str(role.pk)], team=str(team.pk)))
    user = User.objects.get(username="new.rep")
    assert response.status_code == 302 and response["Location"] == f"/settings/users/{user.pk}/"
    assert list(user.roles.all()) == [role] and user.team == team
    assert user.language == "ar" and user.time_zone == "Asia/Dubai"
    assert signs_in("new.rep", "Sunlit-orchard-47")
