"""Which UI language a page is in: the user's preference, else what the browser asks for
(Accept-Language), else English; and the switcher offers all ten languages in their own names."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from orbis.identity import services
from orbis.kernel.actors import SystemActor

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _html_tag(page: str) -> str:
    match = re.search(r"<html [^>]*>", page)
    assert match, "no <html> tag"
    return match.group(0)


@pytest.mark.parametrize(
    ("accept", "language", "direction", "text"),
    [
        ("ar", "ar", "rtl", "تسجيل الدخول"),
        ("ar-EG,ar;q=0.9,en;q=0.5", "ar", "rtl", "تسجيل الدخول"),
        ("pt-BR,pt;q=0.9", "pt-br", "ltr", "Entrar no Orbis"),
        ("pt-PT", "pt-br", "ltr", "Entrar no Orbis"),
        ("zh-CN,zh;q=0.9", "zh-hans", "ltr", "登录 Orbis"),
        ("ko-KR", "ko", "ltr", "Orbis에 로그인"),
        ("hi-IN,hi;q=0.9,en;q=0.8", "hi", "ltr", "Orbis में साइन इन करें"),
        ("fr-CA,fr;q=0.9", "fr", "ltr", "Connexion à Orbis"),
        ("es-MX", "es", "ltr", "Iniciar sesión en Orbis"),
        ("de-AT", "de", "ltr", "Bei Orbis anmelden"),
        ("sw-KE", "en", "ltr", "Sign in to Orbis"),
    ],
)
def test_anonymous_visitor_gets_the_browsers_language(client, accept, language, direction, text):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
    page = response.content.decode()
    assert _html_tag(page) == f'<html lang="{language}" dir="{direction}">'
    assert text in page
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_arabic_page_loads_the_rtl_stylesheet(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "bootstrap.rtl.min.css" in page and "bootstrap.min.css" not in page


def _sign_in(client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_users_preference_wins_over_the_browser(client, regions):
    services.create_user("kenji", PASSWORD, language="ja", actor=SETUP)
    _sign_in(client, "kenji")
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert _html_tag(page).startswith('<html lang="ja"')


@pytest.mark.parametrize(("preference", "language"), [("pt-BR", "pt-br"), ("zh-Hans", "zh-hans")])
def test_a_regional_preference_selects_its_ui_language(client, regions, preference, language):
    user = services.create_user("maria", PASSWORD, language=preference, actor=SETUP)
    assert user.language == preference  # stored as a BCP 47 tag
    _sign_in(client, "maria")
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _html_tag(page).startswith(f'<html lang="{language}"')
    assert f'<option value="{language}" selected>' in page


def test_a_user_without_preference_gets_the_browsers_language(client, regions):
    user = services.create_user("nadia", PASSWORD, actor=SETUP)
    assert user.language == ""  # new users follow their browser until they choose
    _sign_in(client, "nadia")
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert _html_tag(page).startswith('<html lang="ko"')


def test_choosing_no_preference_goes_back_to_the_browser(client, regions):
    user = services.create_user("lena", PASSWORD, language="de", actor=SETUP)
    _sign_in(client, "lena")
    response = client.post(reverse("preferences"), {"language": "", "time_zone": "UTC"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == ""
    page = client.get(reverse("preferences"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert _html_tag(page).startswith('<html lang="es"')


def test_switcher_offers_the_ten_languages_in_their_own_names(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    offered = re.findall(r'name="language" value="([^"]+)" lang="[^"]+">([^<]+)</button>', page)
    assert offered == [
        ("en", "English"),
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("es", "Español"),
        ("pt-br", "Português (Brasil)"),
        ("ja", "日本語"),
        ("zh-hans", "简体中文"),
        ("ko", "한국어"),
        ("ar", "العربية"),
        ("hi", "हिन्दी"),
    ]
    assert [code for code, _ in offered] == [code for code, _ in settings.LANGUAGES]


def test_switching_to_arabic_turns_the_page_right_to_left(client):
    client.post(reverse("set_language"), {"language": "ar", "next": "/login/"})
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
