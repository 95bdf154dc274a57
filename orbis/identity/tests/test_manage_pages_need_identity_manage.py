"""The user, role and team pages need identity.manage; the navigation links them only then."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/settings/users/",
    "/settings/users/new/",
    "/settings/roles/",
    "/settings/roles/new/",
    "/settings/teams/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_identity_manage_is_refused(client, dpo, url):
    client.force_login(dpo)  # every privacy permission in every region, but not identity.manage
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_signed_out_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", PAGES)
def test_an_identity_manager_opens_every_page(client, user_admin, url):
    client.force_login(user_admin)
    assert client.get(url).status_code == 200


def test_the_navigation_links_the_users_page_only_for_identity_managers(client, user_admin, eu_rep):
    client.force_login(user_admin)
    assert 'id="nav-users"' in client.get("/preferences/").content.decode()
    client.force_login(eu_rep)
    assert 'id="nav-users"' not in client.get("/preferences/").content.decode()
