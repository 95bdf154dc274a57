"""The language switcher works signed out (session) and signed in (saved); RTL is prepared."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_can_switch_language(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert '<html lang="de" dir="ltr">' in page and "Anmelden" in page


def test_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert "orbis_language" not in client.session


def test_signed_in_switch_is_saved(client, us_rep):
    client.force_login(us_rep)
    client.post(reverse("set_language"), {"language": "ja", "next": "/contacts/"})
    us_rep.refresh_from_db()
    assert us_rep.language == "ja"
    assert "連絡先" in client.get("/contacts/").content.decode()


def test_bidi_language_switches_to_the_rtl_stylesheet(rf):
    from django.template.loader import render_to_string

    request = rf.get("/login/")
    with translation.override("ar"):
        html = render_to_string("base.html", request=request)
    assert 'dir="rtl"' in html and "bootstrap.rtl.min.css" in html
    with translation.override("en"):
        html = render_to_string("base.html", request=request)
    assert 'dir="ltr"' in html and "bootstrap.rtl.min.css" not in html
