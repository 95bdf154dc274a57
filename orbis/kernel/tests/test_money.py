from decimal import Decimal

import pytest

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import CurrencyMismatch, Money


@pytest.mark.parametrize(
    ("currency", "raw", "expected"),
    [
        ("EUR", "10.005", "10.00"),
        ("EUR", "10.015", "10.02"),
        ("JPY", "1234.5", "1234"),
        ("KWD", "1.2345", "1.234"),
        ("USD", 3, "3.00"),
    ],
)
def test_amount_is_rounded_to_the_currency_minor_units(currency, raw, expected):
    assert Money(Decimal(str(raw)), currency).amount == Decimal(expected)


def test_same_currency_arithmetic():
    total = Money(Decimal("10.10"), "EUR") + Money(Decimal("0.95"), "eur")
    assert total == Money(Decimal("11.05"), "EUR")
    assert Money(Decimal("5"), "USD") * 3 == Money(Decimal("15"), "USD")
    assert Money(Decimal("1"), "USD") < Money(Decimal("2"), "USD")


def test_different_currencies_never_mix():
    with pytest.raises(CurrencyMismatch):
        Money(Decimal("1"), "EUR") + Money(Decimal("1"), "USD")
    with pytest.raises(CurrencyMismatch):
        Money(Decimal("1"), "EUR") < Money(Decimal("1"), "USD")
    with pytest.raises(TypeError):
        Money(Decimal("1"), "EUR") * 1.5  # type: ignore[operator]


def test_unknown_currency_and_bad_amount_are_refused():
    with pytest.raises(ValidationError) as caught:
        Money(Decimal("1"), "XYZ")
    assert "currency" in caught.value.errors
    with pytest.raises(ValidationError):
        Money(Decimal("NaN"), "EUR")


def test_format_in_locale():
    assert Money(Decimal("1234.5"), "EUR").format("de_DE") == "1.234,50\xa0€"
    assert Money(Decimal("1234"), "JPY").format("ja_JP") == "￥1,234"
