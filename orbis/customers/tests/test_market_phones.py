"""Each demo market: phonenumbers' example numbers, written the national way, are stored as
E.164 and shown in phonenumbers' national and international formats with their type and an
RFC 3966 tel: link."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat

from orbis.demo.organisation import MARKETS
from orbis.localisation.phones import PHONE_TYPES, describe_phone

from .market_samples import example_numbers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("market", MARKETS, ids=[m.country for m in MARKETS])
def test_numbers_are_formatted_as_phonenumbers_formats_them(market, admin, make_contact):
    numbers = example_numbers(market.country)
    assert numbers, f"phonenumbers has no example numbers for {market.country}"
    written = [phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL) for n in numbers]
    contact = make_contact(admin, country=market.country, region=market.region, phones=written)
    stored = sorted(contact.points.filter(kind="phone").values_list("value", flat=True))
    assert stored == sorted(phonenumbers.format_number(n, PhoneNumberFormat.E164) for n in numbers)
    for number in numbers:
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        shown = describe_phone(e164, market.country)
        assert shown is not None
        assert shown.international == phonenumbers.format_number(
            number, PhoneNumberFormat.INTERNATIONAL
        )
        assert shown.national == phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        assert shown.type == PHONE_TYPES[phonenumbers.number_type(number)][0]
        assert shown.tel_uri == phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)
        assert shown.region == market.country and shown.show_national
