"""A date without a rate is an error naming the nearest dates; an older rate only on request."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from orbis.kernel.money import Money
from orbis.localisation.fx import RateNotAvailable, convert

from .ecb_data import A_FRIDAY, A_SATURDAY, FIRST_DAY, NEXT_MONDAY, ecb_rate, load_fortnight

pytestmark = pytest.mark.django_db


def test_a_weekend_names_the_friday_before_and_the_monday_after() -> None:
    load_fortnight()

    with pytest.raises(RateNotAvailable) as caught:
        convert(Money(Decimal("100"), "EUR"), "USD", A_SATURDAY)

    error = caught.value
    assert (error.before, error.after) == (A_FRIDAY, NEXT_MONDAY)
    message = error.errors["date"][0]
    assert "2026-10-24" in message and "2026-10-23" in message and "2026-10-26" in message


def test_before_the_first_rate_names_only_the_date_after() -> None:
    load_fortnight()

    with pytest.raises(RateNotAvailable) as caught:
        convert(Money(Decimal("100"), "USD"), "EUR", FIRST_DAY - datetime.timedelta(days=3))

    assert (caught.value.before, caught.value.after) == (None, FIRST_DAY)


def test_the_latest_earlier_rate_is_used_only_when_asked_and_its_date_is_shown() -> None:
    load_fortnight()

    conversion = convert(Money(Decimal("100"), "EUR"), "USD", A_SATURDAY, on_or_before=True)

    assert conversion.rate == ecb_rate("USD", A_FRIDAY)
    assert conversion.rate_date == A_FRIDAY and conversion.requested_date == A_SATURDAY
    assert conversion.rate_is_older


def test_a_currency_without_any_rate_says_so_on_its_field() -> None:
    load_fortnight()

    with pytest.raises(RateNotAvailable) as caught:
        convert(Money(Decimal("100"), "EUR"), "SAR", A_FRIDAY)

    assert list(caught.value.errors) == ["to_currency"]
    assert "SAR" in caught.value.errors["to_currency"][0]
