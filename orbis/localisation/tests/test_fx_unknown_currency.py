"""An unknown currency code is a validation error naming the field; nothing is converted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money
from orbis.localisation.fx import convert

from .ecb_data import A_FRIDAY

pytestmark = pytest.mark.django_db


def test_an_unknown_target_currency_names_to_currency() -> None:
    with pytest.raises(ValidationError) as caught:
        convert(Money(Decimal("1"), "EUR"), "XYZ", A_FRIDAY)

    assert "to_currency" in caught.value.errors
    assert "XYZ" in caught.value.errors["to_currency"][0]


def test_an_unknown_source_currency_cannot_even_be_an_amount() -> None:
    with pytest.raises(ValidationError) as caught:
        Money(Decimal("1"), "ABC")

    assert "currency" in caught.value.errors


def test_a_malformed_date_names_the_date() -> None:
    with pytest.raises(ValidationError) as caught:
        convert(Money(Decimal("1"), "EUR"), "USD", "23/10/2026")

    assert "date" in caught.value.errors
