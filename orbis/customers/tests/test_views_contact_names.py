"""The contact list and page show the name as each viewer reads it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _heading(page: str) -> str:
    match = re.search(r'<h1 id="contact-name"[^>]*><bdi>([^<]*)</bdi></h1>', page)
    assert match, page[:500]
    return match.group(1)


@pytest.fixture
def yamada(admin, make_contact):
    return make_contact(
        admin,
        given_name="太郎",
        family_name="山田",
        latin_given_name="Taro",
        latin_family_name="Yamada",
        country="JP",
        language="ja",
        honorific="mr",
    )


def test_a_japanese_reader_sees_the_native_name_first(client, apac_agent, yamada):
    client.force_login(apac_agent)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"  # the UI language, as the browser asks
    page = client.get(reverse("customers:contact_detail", args=[yamada.pk])).content.decode()
    assert _heading(page) == "山田太郎"
    assert 'id="contact-latin-name"><bdi>Yamada Taro</bdi><' in page
    assert "山田太郎様" in page  # the formal greeting, in the contact's language
    listing = client.get(reverse("customers:contact_list")).content.decode()
    assert re.search(
        r">山田太郎</bdi></a>\s*<div class=\"secondary\"><bdi>Yamada Taro</bdi></div>", listing
    )


def test_an_english_reader_sees_the_latin_form_first(client, admin, yamada):
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("customers:contact_detail", args=[yamada.pk])).content.decode()
    assert _heading(page) == "Yamada Taro"
    assert 'id="contact-native-name" lang="ja"><bdi>山田太郎</bdi><' in page
    listing = client.get(reverse("customers:contact_list")).content.decode()
    assert re.search(
        r">Yamada Taro</bdi></a>\s*<div class=\"secondary\"><bdi>山田太郎</bdi></div>", listing
    )
