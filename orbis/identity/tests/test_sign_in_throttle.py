"""Password guessing is throttled per account and per client address (django-axes): the same
answer for unknown users and wrong passwords, lockouts audited, a manager unlocks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from orbis.audit.models import AuditEvent
from orbis.identity import services
from orbis.identity.tests.conftest import PASSWORD, SETUP
from orbis.identity.tests.password_reset_helpers import (  # noqa: F401
    reset_cache,
    tasks_run_at_once,
)

pytestmark = pytest.mark.django_db


def _try(username: str, password: str, address: str = "192.0.2.1") -> Any:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_even_for_the_right_one(eu_rep, settings) -> None:
    answers = [_try("eu_rep", f"guess-{n}", f"192.0.2.{n}").status_code for n in range(5)]

    locked = _try("eu_rep", PASSWORD, "198.51.100.7")

    # The sign-in page again, with its one message; the fifth failure locks at once.
    assert answers == [200] * 4 + [429]
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert "_auth_user_id" not in locked.client.session
    events = AuditEvent.objects.filter(action="identity.sign_in_locked")
    assert events.count() == 1 and events.get().changes["username"] == "eu_rep"


def test_an_unknown_username_gets_the_same_answers(eu_rep) -> None:
    known = [_try("eu_rep", f"guess-{n}", f"192.0.2.{n}") for n in range(6)]
    unknown = [_try("nobody.here", f"guess-{n}", f"192.0.2.{n + 10}") for n in range(6)]

    assert (
        [r.status_code for r in known] == [r.status_code for r in unknown] == [200] * 4 + [429] * 2
    )
    assert _page(known[0], "eu_rep") == _page(unknown[0], "nobody.here")
    assert _page(known[-1], "eu_rep") == _page(unknown[-1], "nobody.here")


def _page(response: Any, username: str) -> str:
    """The page as a person sees it: without the form's CSRF token and the name they typed."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'<meta name="csrf-token" content="[^"]+"', "", html).replace(username, "")


def test_one_address_guessing_many_accounts_is_locked(eu_rep, us_rep) -> None:
    for n in range(5):
        _try(f"someone{n}", "guess", "203.0.113.9")

    assert _try("us_rep", PASSWORD, "203.0.113.9").status_code == 429
    assert _try("us_rep", PASSWORD, "203.0.113.10").status_code == 302  # another address


def test_a_success_resets_the_count(eu_rep) -> None:
    for n in range(4):
        _try("eu_rep", f"guess-{n}")
    assert _try("eu_rep", PASSWORD).status_code == 302
    for n in range(4):
        _try("eu_rep", f"guess-{n}")

    assert _try("eu_rep", PASSWORD).status_code == 302


def test_a_manager_unlocks_the_account(eu_rep, admin) -> None:
    for n in range(5):
        _try("eu_rep", f"guess-{n}", f"192.0.2.{n}")
    manager = Client()
    manager.force_login(admin)
    page = manager.get(f"/settings/users/{eu_rep.pk}/").content.decode()

    unlocked = manager.post(f"/settings/users/{eu_rep.pk}/unlock/")

    assert 'id="locked-out"' in page
    assert unlocked.status_code == 302
    assert _try("eu_rep", PASSWORD, "198.51.100.7").status_code == 302
    event = AuditEvent.objects.get(action="identity.sign_in_unlocked")
    assert event.target_id == str(eu_rep.pk) and event.actor_label == admin.username
    assert 'id="locked-out"' not in manager.get(f"/settings/users/{eu_rep.pk}/").content.decode()


def test_only_a_manager_may_unlock(eu_rep, us_rep) -> None:
    other = Client()
    other.force_login(us_rep)

    assert other.post(f"/settings/users/{eu_rep.pk}/unlock/").status_code == 403


@pytest.mark.usefixtures("reset_cache", "tasks_run_at_once")
def test_reset_requests_from_one_address_are_limited(eu_rep, mailoutbox, settings) -> None:
    services.update_user(eu_rep, {"email": "eva.schmidt@example.de"}, actor=SETUP)
    settings.PASSWORD_RESET_CLIENT_LIMIT = 2
    asker = Client(REMOTE_ADDR="203.0.113.20")
    for n in range(2):
        asker.post("/password-reset/", {"email": f"someone{n}@example.com"})

    answer = asker.post("/password-reset/", {"email": "eva.schmidt@example.de"})
    elsewhere = Client(REMOTE_ADDR="203.0.113.21").post(
        "/password-reset/", {"email": "eva.schmidt@example.de"}
    )

    assert answer.status_code == elsewhere.status_code == 302  # the same answer for both
    assert [m.to for m in mailoutbox] == [["eva.schmidt@example.de"]]  # only from elsewhere
