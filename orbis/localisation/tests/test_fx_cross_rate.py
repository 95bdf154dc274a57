"""USD to JPY goes through the euro: JPY-per-EUR divided by USD-per-EUR of the same day."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orbis.kernel.money import Money
from orbis.localisation.fx import convert

from .ecb_data import A_FRIDAY, NEXT_MONDAY, ecb_rate, load_fortnight

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [A_FRIDAY, NEXT_MONDAY])
def test_usd_to_jpy_is_the_quotient_of_the_two_euro_rates(day) -> None:
    load_fortnight()
    usd, jpy = ecb_rate("USD", day), ecb_rate("JPY", day)

    conversion = convert(Money(Decimal("250.00"), "USD"), "JPY", day)

    assert conversion.rate == jpy / usd
    assert conversion.converted == Money(Money(Decimal("250"), "USD").amount * jpy / usd, "JPY")
    assert conversion.converted.amount == conversion.converted.amount.to_integral_value()
    assert (conversion.rate_date, conversion.source, conversion.requested_date) == (
        day,
        "ECB",
        day,
    )


def test_a_cross_rate_uses_one_day_not_a_mix() -> None:
    load_fortnight()

    friday = convert(Money(Decimal("100"), "GBP"), "CHF", A_FRIDAY)
    monday = convert(Money(Decimal("100"), "GBP"), "CHF", NEXT_MONDAY)

    assert friday.rate == ecb_rate("CHF", A_FRIDAY) / ecb_rate("GBP", A_FRIDAY)
    assert monday.rate == ecb_rate("CHF", NEXT_MONDAY) / ecb_rate("GBP", NEXT_MONDAY)
