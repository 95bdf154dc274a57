"""Totals that never mix currencies.

Every sum of money is grouped by currency in SQL (`sum_by_currency`): there is no other way in
this app to add amounts (test_sums_group_by_currency refuses an ungrouped `Sum(` in sales).
A converted total is a separate, labelled figure: each currency's sum converted at one stated
rate, with the rate's date and source kept beside it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money
from orbis.localisation.fx import Conversion, convert


def sum_by_currency(
    queryset: QuerySet[Any],
    amount: str = "amount",
    currency: str = "currency",
    group: tuple[str, ...] = (),
    counts: dict[tuple[Any, ...], int] | None = None,
) -> dict[tuple[Any, ...], list[Money]]:
    """Sums of `amount` per currency (and per `group` fields), one GROUP BY query:
    {(group values...): [Money per currency, by currency code]}. Given `counts`, it is
    filled with the rows per group from the same query."""
    rows = (
        queryset.order_by()
        .values(*group, currency)
        .annotate(total=Sum(amount), rows=Count("pk"))
        .order_by(*group, currency)
    )
    out: dict[tuple[Any, ...], list[Money]] = defaultdict(list)
    for row in rows:
        key = tuple(row[g] for g in group)
        out[key].append(Money(row["total"] or Decimal(0), row[currency]))
        if counts is not None:
            counts[key] = counts.get(key, 0) + row["rows"]
    return out


@dataclass(frozen=True)
class Converted:
    """Totals per currency and, labelled, their sum in one currency at stated rates."""

    by_currency: tuple[Money, ...]
    currency: str
    total: Money | None  # None when a currency has no rate at all
    conversions: tuple[Conversion, ...] = ()
    missing: tuple[str, ...] = field(default=())

    @property
    def rate_dates(self) -> list[datetime.date]:
        return sorted({c.rate_date for c in self.conversions if c.source})

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.conversions if c.source})

    @property
    def mixed(self) -> bool:
        """More than one currency, or one other than the target: the conversion is shown."""
        return any(m.currency != self.currency for m in self.by_currency)


def convert_totals(
    totals: Iterable[Money], into: str, on: datetime.date | None = None
) -> Converted:
    """`totals` (one Money per currency) and their sum in `into` at the latest rate on or
    before `on` (today), each rate kept with its date and source."""
    return Converter(into, on).totals(totals)


class Converter:
    """Converts many totals into one currency at the latest rate on or before one day,
    reading each currency's rate once (a board of ten columns in five currencies asks for
    five rates, not fifty)."""

    def __init__(self, into: str, on: datetime.date | None = None) -> None:
        self.into, self.day = into, on or timezone.localdate()
        self._rates: dict[str, Conversion | None] = {}

    def rate(self, currency: str) -> Conversion | None:
        if currency not in self._rates:
            try:
                unit = Money(Decimal(1), currency)
                self._rates[currency] = convert(unit, self.into, self.day, on_or_before=True)
            except ValidationError:
                self._rates[currency] = None
        return self._rates[currency]

    def totals(self, monies: Iterable[Money]) -> Converted:
        monies = tuple(monies)
        conversions = [self.rate(m.currency) for m in monies]
        missing = tuple(m.currency for m, c in zip(monies, conversions, strict=True) if c is None)
        used = tuple(c for c in conversions if c is not None)
        total: Money | None = None
        if not missing:
            total = Money.zero(self.into)
            for money, conversion in zip(monies, used, strict=True):
                total = total + Money(money.amount * conversion.rate, self.into)
        return Converted(monies, self.into, total, used, missing)

    @property
    def used(self) -> list[Conversion]:
        return [c for c in self._rates.values() if c is not None and c.source]
