"""The whole password reset, as a user goes through it: ask on the page, get the email (sent
by the task, through Django's email backend, in their language), follow its link, set a new
password, sign in with it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from orbis.audit.models import AuditEvent
from orbis.identity import services
from orbis.identity.tests.conftest import PASSWORD, SETUP
from orbis.identity.tests.password_reset_helpers import (  # noqa: F401
    reset_cache,
    reset_link,
    tasks_run_at_once,
)
from orbis.identity.tests.signing_in import signs_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_cache", "tasks_run_at_once")]
NEW_PASSWORD = "Tangerine-lighthouse-92"


@pytest.fixture
def eva(eu_rep):
    services.update_user(eu_rep, {"email": "eva.schmidt@example.de"}, actor=SETUP)
    return eu_rep  # language "de"


def test_ask_follow_the_link_set_a_password_and_sign_in(client, eva, mailoutbox):
    assert 'href="/password-reset/"' in client.get("/login/").content.decode()
    response = client.post("/password-reset/", {"email": "Eva.Schmidt@example.de"})
    assert response.status_code == 302 and response["Location"] == "/password-reset/sent/"

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["eva.schmidt@example.de"]
    assert message.extra_headers["Content-Language"] == "de"
    with translation.override("de"):
        assert message.subject == gettext("Choose a new password for Orbis")

    link = reset_link(message.body)
    landing = client.get(link)
    assert landing.status_code == 302  # Django moves the token out of the address bar
    form_page = client.get(landing["Location"])
    assert form_page.context["validlink"]
    done = client.post(
        landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == "/password-reset/done/"

    assert signs_in("eu_rep", NEW_PASSWORD)
    assert not signs_in("eu_rep", PASSWORD)
    signed_in = Client().post("/login/", {"username": "eu_rep", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"identity.password_reset_sent", "identity.password_reset_completed"} <= actions


def test_the_link_works_only_once(client, eva, mailoutbox):
    client.post("/password-reset/", {"email": "eva.schmidt@example.de"})
    link = reset_link(mailoutbox[0].body)
    landing = client.get(link)
    client.post(landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link)
    assert again.status_code == 200 and not again.context["validlink"]
    assert 'id="password-reset-invalid"' in again.content.decode()


def test_a_weak_new_password_is_refused_by_djangos_validators(client, eva, mailoutbox):
    client.post("/password-reset/", {"email": "eva.schmidt@example.de"})
    landing = client.get(reset_link(mailoutbox[0].body))
    page = client.post(
        landing["Location"], {"new_password1": "password", "new_password2": "password"}
    )
    assert 'data-field="new_password2"' in page.content.decode()
    assert signs_in("eu_rep", PASSWORD)


def test_a_user_without_a_language_gets_the_email_in_the_language_of_the_page(
    client, us_rep, mailoutbox
):
    services.update_user(us_rep, {"email": "uma@example.com"}, actor=SETUP)
    us_rep.refresh_from_db()
    services.update_preferences(us_rep, language="", actor=SETUP)
    client.post("/password-reset/", {"email": "uma@example.com"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert mailoutbox[0].extra_headers["Content-Language"] == "fr"
