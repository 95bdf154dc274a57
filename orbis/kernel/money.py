"""Money: a Decimal amount in one ISO 4217 currency, rounded to that currency's minor units.

Minor units come from CLDR through Babel (JPY 0, EUR 2, KWD 3). Amounts in different
currencies are never added or compared: convert first, keeping the rate and its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache

from babel.numbers import get_currency_precision, list_currencies

from .errors import ValidationError


@cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def minor_units(currency: str) -> int:
    return get_currency_precision(currency)


def validate_currency(code: str, field: str = "currency") -> str:
    normalised = (code or "").strip().upper()
    if normalised not in known_currencies():
        raise ValidationError({field: f"Unknown ISO 4217 currency code: {code!r}."})
    return normalised


class CurrencyMismatch(TypeError):
    """Raised when arithmetic or comparison would mix two currencies."""


# Larger amounts are no business figure and would overflow decimal arithmetic and columns
# (max_digits); 10**15 is a thousand times the largest company's yearly revenue.
MAX_INTEGER_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency; immutable and always rounded to the currency's minor units."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        currency = validate_currency(self.currency)
        try:
            amount = (
                Decimal(str(self.amount)) if not isinstance(self.amount, Decimal) else self.amount
            )
        except InvalidOperation:
            raise ValidationError({"amount": f"Not a number: {self.amount!r}."}) from None
        if not amount.is_finite():
            raise ValidationError({"amount": "The amount must be a finite number."})
        if amount and amount.adjusted() >= MAX_INTEGER_DIGITS:
            raise ValidationError(
                {"amount": f"The amount is too large: at most {MAX_INTEGER_DIGITS} digits."}
            )
        quantum = Decimal(1).scaleb(-minor_units(currency))
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "amount", amount.quantize(quantum, rounding=ROUND_HALF_EVEN))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same_currency(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}.")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"Cannot combine {self.currency} with {other.currency}.")
        return other

    def __add__(self, other: object) -> Money:
        return Money(self.amount + self._same_currency(other).amount, self.currency)

    def __sub__(self, other: object) -> Money:
        return Money(self.amount - self._same_currency(other).amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, Money | float):
            raise TypeError("Money multiplies by an int or a Decimal only.")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: object) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: object) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: object) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: object) -> bool:
        return self.amount >= self._same_currency(other).amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def format(self, locale: str) -> str:
        from babel.numbers import format_currency

        return format_currency(self.amount, self.currency, locale=locale)
