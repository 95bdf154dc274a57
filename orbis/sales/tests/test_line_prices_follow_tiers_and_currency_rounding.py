"""Line prices: flat, volume and tiered prices; discounts per line rounded to the currency's
minor units (JPY 0, EUR 2, KWD 3); a discount above the line is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money
from orbis.sales.pricing import Tier, price

TIERS = [Tier(1, Decimal("10.00")), Tier(10, Decimal("8.00")), Tier(100, Decimal("5.00"))]


def test_flat_price_ignores_the_higher_tiers() -> None:
    assert price(TIERS, "flat", 150, "EUR").total == Money(Decimal("1500.00"), "EUR")


def test_volume_price_puts_every_unit_at_the_tier_reached() -> None:
    assert price(TIERS, "volume", 9, "EUR").total == Money(Decimal("90.00"), "EUR")
    assert price(TIERS, "volume", 10, "EUR").total == Money(Decimal("80.00"), "EUR")
    assert price(TIERS, "volume", 150, "EUR").total == Money(Decimal("750.00"), "EUR")


def test_tiered_price_prices_each_band_at_its_own_tier() -> None:
    # 9 x 10.00 + 90 x 8.00 + 51 x 5.00 = 90 + 720 + 255
    line = price(TIERS, "tiered", 150, "EUR")

    assert line.total == Money(Decimal("1065.00"), "EUR")
    assert line.unit_price == Money(Decimal("7.10"), "EUR")


@pytest.mark.parametrize(
    ("currency", "unit", "percent", "discount", "total"),
    [
        ("JPY", "333", "12.5", "125", "874"),  # 999 * 12.5% = 124.875 -> 125 yen
        ("EUR", "3.33", "12.5", "1.25", "8.74"),  # 9.99 * 12.5% = 1.24875 -> 1.25
        ("KWD", "3.333", "12.5", "1.250", "8.749"),  # 9.999 * 12.5% = 1.249875 -> 1.250
    ],
    ids=["jpy", "eur", "kwd"],
)
def test_a_percentage_discount_is_rounded_to_the_currencys_minor_units(
    currency: str, unit: str, percent: str, discount: str, total: str
) -> None:
    line = price([Tier(1, Decimal(unit))], "flat", 3, currency, discount_percent=percent)

    assert line.discount == Money(Decimal(discount), currency)
    assert line.total == Money(Decimal(total), currency)
    assert line.total.amount.as_tuple().exponent == -{"JPY": 0, "EUR": 2, "KWD": 3}[currency]


def test_a_discount_above_the_line_total_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        price(TIERS, "flat", 2, "EUR", discount_amount="20.01")

    assert set(caught.value.errors) == {"discount_amount"}


def test_an_amount_off_with_more_decimals_than_the_currency_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        price(TIERS, "flat", 2, "JPY", discount_amount="1.5")

    assert set(caught.value.errors) == {"discount_amount"}


def test_a_percentage_and_an_amount_together_are_refused() -> None:
    with pytest.raises(ValidationError):
        price(TIERS, "flat", 2, "EUR", discount_percent="10", discount_amount="1.00")
