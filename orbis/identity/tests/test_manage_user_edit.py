"""Editing a user from the page changes their roles, team and active flag, audited; a stale
form is refused instead of overwriting someone else's change."""

from __future__ import annotations

import pytest

from orbis.audit.models import AuditEvent
from orbis.identity import services
from orbis.identity.access import grants_for
from orbis.identity.models import Role, User
from orbis.identity.tests.conftest import PASSWORD, SETUP
from orbis.identity.tests.signing_in import signs_in

pytestmark = pytest.mark.django_db


def edit_form(client, user):
    """The fields as the page sent them, ready to post back."""
    form = client.get(f"/settings/users/{user.pk}/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["team"] = data["team"] or ""
    data = {k: v for k, v in data.items() if v not in (None, False)}
    return data


def test_roles_team_and_active_flag_are_changed_and_audited(client, user_admin, eu_rep, regions):
    viewer = services.create_role("APAC viewer", ["customers.view"], [regions["apac"]], actor=SETUP)
    team = services.create_team("Tokyo", regions["apac"], actor=SETUP)
    client.force_login(user_admin)
    data = edit_form(client, eu_rep)
    data.update(roles=[str(viewer.pk)], team=str(team.pk))
    data.pop("is_active")
    response = client.post(f"/settings/users/{eu_rep.pk}/", data)
    assert response.status_code == 302
    user = User.objects.get(pk=eu_rep.pk)
    assert list(user.roles.all()) == [viewer] and user.team == team and not user.is_active
    assert grants_for(User.objects.get(pk=eu_rep.pk)).held == frozenset()  # inactive: nothing
    event = AuditEvent.objects.filter(action="identity.user_updated").latest("seq")
    assert event.actor_id == str(user_admin.pk)
    assert event.changes["roles"] == [["EMEA sales"], ["APAC viewer"]]
    assert event.changes["is_active"] == [True, False]
    assert not signs_in("eu_rep", PASSWORD)


def test_a_form_opened_before_someone_elses_change_is_refused(client, user_admin, eu_rep):
    client.force_login(user_admin)
    stale = edit_form(client, eu_rep)
    services.update_user(eu_rep, {"first_name": "Eve"}, actor=SETUP)
    stale["first_name"] = "Evita"
    page = client.post(f"/settings/users/{eu_rep.pk}/", stale).content.decode()
    assert "Someone else changed this" in page
    assert User.objects.get(pk=eu_rep.pk).first_name == "Eve"


def test_the_page_lists_the_users_tokens_and_revokes_one(client, user_admin, eu_rep):
    from orbis.identity.tokens import authenticate_token, create_token

    token, raw = create_token(eu_rep, "Warehouse", actor=eu_rep)
    client.force_login(user_admin)
    page = client.get(f"/settings/users/{eu_rep.pk}/").content.decode()
    assert f'data-token="{token.pk}"' in page
    response = client.post(
        f"/preferences/tokens/{token.pk}/revoke/", {"next": f"/settings/users/{eu_rep.pk}/"}
    )
    assert response["Location"] == f"/settings/users/{eu_rep.pk}/"
    assert authenticate_token(raw) is None


def test_a_superuser_is_changed_only_by_a_superuser(client, user_admin, admin):
    client.force_login(user_admin)
    data = edit_form(client, admin)
    data.pop("is_active")
    assert client.post(f"/settings/users/{admin.pk}/", data).status_code == 403
    assert User.objects.get(pk=admin.pk).is_active
    assert Role.objects.count() >= 1
