"""Prices of a line: the price book's tiers for a quantity, then the line's discount, each
rounded to the currency's minor units (JPY 0, EUR 2, KWD 3) by Money."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money, minor_units

from .models import PricingModel

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Tier:
    """From `min_quantity` units on, each unit costs `unit_price`."""

    min_quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class LinePrice:
    """A priced line: list amount (quantity at the tier prices), discount and total."""

    unit_price: Money  # the average unit price for tiered pricing
    list_amount: Money
    discount_percent: Decimal
    discount: Money
    total: Money


def decimal_of(value: Any, field: str, *, places: int | None = None) -> Decimal:
    """`value` as a finite Decimal, refusing more decimals than `places` allows."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"Not a number: {value!r}."}) from None
    if not number.is_finite():
        raise ValidationError({field: "A finite number."})
    if places is not None and number.as_tuple().exponent < -places:  # type: ignore[operator]
        raise ValidationError({field: f"At most {places} decimal places."})
    return number


def amount_of(value: Any, currency: str, field: str = "amount") -> Money:
    """`value` as Money of `currency`, refusing more decimals than the currency has: 12.345 EUR
    is an error, not silently 12.34 or 12.35."""
    return Money(decimal_of(value, field, places=minor_units(currency)), currency)


def list_amount(
    tiers: Sequence[Tier], model: str, quantity: Decimal, currency: str
) -> tuple[Money, Money]:
    """(unit price, amount) of `quantity` units under `model` with `tiers` (any order)."""
    if not tiers:
        raise ValidationError({"product": "The price book has no price for this product."})
    ordered = sorted(tiers, key=lambda t: t.min_quantity)
    if model == PricingModel.TIERED:
        amount = Decimal(0)
        for i, tier in enumerate(ordered):
            upper = ordered[i + 1].min_quantity - 1 if i + 1 < len(ordered) else None
            start = Decimal(tier.min_quantity - 1)
            band = (min(quantity, Decimal(upper)) if upper is not None else quantity) - start
            if band > 0:
                amount += band * tier.unit_price
        total = Money(amount, currency)
        unit = Money(amount / quantity, currency) if quantity else Money.zero(currency)
        return unit, total
    # Flat: the first tier's price; volume: the price of the highest tier reached.
    applicable = ordered[:1] if model == PricingModel.FLAT else ordered
    at_least = max(quantity, Decimal(1))
    reached = [t for t in applicable if t.min_quantity <= at_least] or ordered[:1]
    unit = Money(reached[-1].unit_price, currency)
    return unit, Money(reached[-1].unit_price * quantity, currency)


def price_line(
    list_price: Money,
    *,
    discount_percent: Any = 0,
    discount_amount: Any = 0,
) -> tuple[Money, Money]:
    """(discount, total) of a line listed at `list_price`: a percentage or an amount off,
    never both, never more than the line."""
    currency = list_price.currency
    percent = decimal_of(discount_percent or 0, "discount_percent", places=2)
    off = amount_of(discount_amount or 0, currency, "discount_amount")
    if percent and off.amount:
        raise ValidationError({"discount_amount": "Give a percentage or an amount off, not both."})
    if not 0 <= percent <= HUNDRED:
        raise ValidationError({"discount_percent": "A percentage between 0 and 100."})
    if off.amount < 0:
        raise ValidationError({"discount_amount": "A discount cannot be negative."})
    discount = Money(list_price.amount * percent / HUNDRED, currency) if percent else off
    if discount > list_price:
        raise ValidationError(
            {
                "discount_amount": (
                    f"The discount ({discount}) is more than the line total ({list_price})."
                )
            }
        )
    return discount, list_price - discount


def price(
    tiers: Sequence[Tier],
    model: str,
    quantity: Any,
    currency: str,
    *,
    discount_percent: Any = 0,
    discount_amount: Any = 0,
) -> LinePrice:
    """The line of `quantity` units: list amount from the tiers, then the discount."""
    units = decimal_of(quantity, "quantity", places=3)
    if units <= 0:
        raise ValidationError({"quantity": "A quantity above zero."})
    unit, listed = list_amount(tiers, model, units, currency)
    discount, total = price_line(
        listed, discount_percent=discount_percent, discount_amount=discount_amount
    )
    percent = decimal_of(discount_percent or 0, "discount_percent", places=2)
    return LinePrice(unit, listed, percent, discount, total)
