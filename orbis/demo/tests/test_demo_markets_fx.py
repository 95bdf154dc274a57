"""A conversion equals the ECB reference rate of that date, for every demo market's currency.

(Here rather than in localisation's tests: the demo's market list imports identity.)
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import get_territory_currencies

from orbis.demo.organisation import MARKETS
from orbis.kernel.money import Money
from orbis.localisation.fx import convert
from orbis.localisation.tests.ecb_data import A_FRIDAY, ecb_rate, ecb_table, load_fortnight

pytestmark = pytest.mark.django_db


def _market_currencies() -> list[str]:
    currencies = {get_territory_currencies(m.country)[0] for m in MARKETS}
    return sorted(c for c in currencies if c in ecb_table()[A_FRIDAY])


def test_most_demo_markets_use_a_currency_the_ecb_publishes() -> None:
    # AED (United Arab Emirates) is the demo's one currency without an ECB rate.
    assert len(_market_currencies()) >= 10
    assert "AED" not in _market_currencies()


@pytest.mark.parametrize("currency", _market_currencies())
def test_euro_to_market_currency_at_the_ecb_rate(currency: str) -> None:
    load_fortnight()
    expected = ecb_rate(currency, A_FRIDAY)

    conversion = convert(Money(Decimal("1000"), "EUR"), currency, A_FRIDAY)

    assert conversion.rate == expected
    assert conversion.converted == Money(1000 * expected, currency)
    assert (conversion.rate_date, conversion.source) == (A_FRIDAY, "ECB")


@pytest.mark.parametrize("currency", _market_currencies())
def test_market_currency_to_euro_divides_by_the_ecb_rate(currency: str) -> None:
    load_fortnight()
    expected = ecb_rate(currency, A_FRIDAY)

    conversion = convert(Money(Decimal("5000"), currency), "EUR", A_FRIDAY)

    assert conversion.converted == Money(Money(Decimal("5000"), currency).amount / expected, "EUR")
    assert conversion.rate_date == A_FRIDAY


def test_same_currency_is_unchanged_at_rate_one() -> None:
    conversion = convert(Money(Decimal("12.34"), "JPY"), "jpy", A_FRIDAY)

    assert conversion.converted == Money(Decimal("12"), "JPY")
    assert conversion.rate == 1
