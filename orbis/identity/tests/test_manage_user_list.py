"""The user list shows each user's roles, team, last login (viewer's locale and zone), status."""

from __future__ import annotations

import datetime
import re

import pytest

from orbis.identity import services
from orbis.identity.models import User
from orbis.identity.tests.conftest import SETUP

pytestmark = pytest.mark.django_db


def row(page: str, username: str) -> str:
    found = re.search(rf'<tr data-user="{username}".*?</tr>', page, re.S)
    assert found, username
    return found.group(0)


def test_each_row_has_roles_team_last_login_and_status(client, user_admin, eu_rep, regions):
    team = services.create_team("DACH Sales", regions["emea"], actor=SETUP)
    services.update_user(eu_rep, {"team": team}, actor=SETUP)
    User.objects.filter(pk=eu_rep.pk).update(
        last_login=datetime.datetime(2026, 12, 3, 9, 37, tzinfo=datetime.UTC)
    )
    services.set_user_active(eu_rep, False, actor=SETUP)
    client.post("/login/", {"username": "it_admin", "password": "correct horse battery staple"})
    session = client.session
    session["orbis_language"], session["orbis_time_zone"] = "de", "Asia/Tokyo"
    session.save()
    line = row(client.get("/settings/users/").content.decode(), "eu_rep")
    assert "EMEA sales" in line and "DACH Sales" in line
    assert "03.12.2026, 18:37" in line  # 09:37 UTC in Tokyo, written the German way
    assert 'class="archived"' in line


def test_the_list_filters_by_name_and_pages(client, user_admin, eu_rep, us_rep):
    client.force_login(user_admin)
    page = client.get("/settings/users/", {"q": "uma"}).content.decode()
    assert 'data-user="us_rep"' in page and 'data-user="eu_rep"' not in page
