"""Passwords go through Django's validators everywhere, and users change their own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from orbis.audit.models import AuditEvent
from orbis.identity import services
from orbis.identity.models import User
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db

SETUP = SystemActor("test-setup")
GOOD = "correct horse battery staple"


@pytest.mark.parametrize("weak", ["98234756104", "a", "password123"])
def test_create_user_refuses_a_weak_password(weak: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_user("weak.one", weak, actor=SETUP)

    assert set(refused.value.errors) == {"password"}
    assert not User.objects.filter(username="weak.one").exists()


def test_the_admin_form_shows_the_validators_message_beside_the_password(
    client: Any, admin: Any
) -> None:
    client.force_login(admin)
    form = {"username": "new.rep", "password1": "98234756104", "password2": "98234756104",
            "time_zone": "UTC"}  # fmt: skip

    response = client.post("/settings/users/new/", form)

    html = response.content.decode()
    assert response.status_code in (200, 422)
    assert re.search(r'data-field="password[12]">[^<]*numeric', html)
    assert not User.objects.filter(username="new.rep").exists()


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'invalid-feedback d-block" data-field="([^"]+)">([^<]+)<', html))


def test_a_user_changes_their_own_password(client: Any, admin: Any) -> None:
    user = services.create_user("eva", GOOD, actor=SETUP)
    client.force_login(user)
    elsewhere = Client()
    elsewhere.force_login(user)
    url = "/preferences/password/"

    wrong = client.post(url, {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    numeric = client.post(
        url,
        {"old_password": GOOD, "new_password1": "98234756104", "new_password2": "98234756104"},
    )
    done = client.post(
        url,
        {"old_password": GOOD, "new_password1": "tram lantern oboe 42", "new_password2":
         "tram lantern oboe 42"},
    )  # fmt: skip

    assert wrong.status_code == 422 and "old_password" in _errors(wrong.content.decode())
    assert numeric.status_code == 422 and "new_password2" in _errors(numeric.content.decode())
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("tram lantern oboe 42")
    assert client.get("/preferences/").status_code == 200  # this session goes on
    assert elsewhere.get("/preferences/").status_code == 302  # the others end
    changed = AuditEvent.objects.filter(action="identity.password_changed").get()
    assert changed.target_id == str(user.pk) and changed.actor_label == "eva"
    assert "tram" not in str(changed.changes)


def test_only_the_user_changes_their_password() -> None:
    user = services.create_user("eva", GOOD, actor=SETUP)
    other = services.create_user("mallory", GOOD, actor=SETUP)

    with pytest.raises(Exception, match="own password"):
        services.change_password(user, GOOD, "tram lantern oboe 42", actor=other)
