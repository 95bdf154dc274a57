"""The contact and company pages show each phone number in international form as an RFC 3966
tel: link, the national form for a number of the record's own country, and its type."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from django.urls import reverse
from phonenumbers import PhoneNumberFormat, PhoneNumberType

pytestmark = pytest.mark.django_db


def _example(country: str, kind: int) -> phonenumbers.PhoneNumber:
    number = phonenumbers.example_number_for_type(country, kind)
    assert number is not None and phonenumbers.number_type(number) == kind
    return number


def test_contact_page_shows_type_formats_and_tel_link(client, admin, make_contact):
    mobile = _example("DE", PhoneNumberType.MOBILE)
    toll_free = _example("DE", PhoneNumberType.TOLL_FREE)
    foreign = _example("FR", PhoneNumberType.FIXED_LINE)
    contact = make_contact(
        admin,
        country="DE",
        phones=[
            phonenumbers.format_number(mobile, PhoneNumberFormat.NATIONAL),
            phonenumbers.format_number(toll_free, PhoneNumberFormat.NATIONAL),
            phonenumbers.format_number(foreign, PhoneNumberFormat.INTERNATIONAL),
        ],
    )
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    block = page[
        page.index('id="contact-phones"') : page.index("</dd>", page.index("contact-phones"))
    ]
    rows = block.split('<div class="point-row">')[1:]
    assert len(rows) == 3
    for row, number, label in zip(
        rows, (mobile, toll_free, foreign), ("mobile", "toll-free", "landline"), strict=True
    ):
        tel = phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)
        international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        assert re.search(rf'href="{re.escape(tel)}"[^>]*>{re.escape(international)}</a>', row)
        assert f">{label}</span>" in row
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        # Only a number of the contact's own country is also shown the way locals dial it.
        assert ("phone-national" in row) == (number is not foreign)
        if number is not foreign:
            assert national in row


def test_company_page_shows_the_phone_the_same_way(client, admin, make_company):
    number = _example("JP", PhoneNumberType.FIXED_LINE)
    company = make_company(
        admin,
        name="株式会社サンプル",
        country="JP",
        phone=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
    )
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("customers:company_detail", args=[company.pk])).content.decode()
    block = page[
        page.index('id="company-phone"') : page.index("</dd>", page.index("company-phone"))
    ]
    assert f'href="{phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)}"' in block
    assert phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL) in block
    assert phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) in block
    assert ">landline</span>" in block
