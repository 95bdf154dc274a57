"""Many conversions at once: the rates of some currencies over a span of days, read in one
query, answering as fx.convert(..., on_or_before=True) does for each (amount, day).

A bulk order ingest converts a thousand orders of a hundred days; asking the database twice
per order would cost more than the ingest itself.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from decimal import Decimal

from orbis.kernel.money import Money

from .fx import EUR, Conversion, Quote, combine, quote_on
from .models import ExchangeRate

# How far back a rate may stand in for a day (weekends, holiday runs, a late publication).
LOOKBACK = datetime.timedelta(days=14)
EUR_ONE = Decimal(1)


class RateTable:
    """The stored rates of `currencies` from (`first` - LOOKBACK) to `last`."""

    def __init__(
        self, currencies: Iterable[str], first: datetime.date, last: datetime.date
    ) -> None:
        wanted = sorted({c for c in currencies if c != EUR})
        self._days: dict[str, list[datetime.date]] = {c: [] for c in wanted}
        self._quotes: dict[str, list[Quote]] = {c: [] for c in wanted}
        rows = (
            ExchangeRate.objects.filter(
                currency__in=wanted, date__gte=first - LOOKBACK, date__lte=last
            )
            .order_by("currency", "date")
            .values_list("currency", "date", "rate", "source")
        )
        for currency, day, rate, source in rows:
            self._days[currency].append(day)
            self._quotes[currency].append(Quote(rate, day, source))

    def _quote(self, currency: str, day: datetime.date, field: str) -> Quote:
        if currency == EUR:
            return Quote(EUR_ONE, day, ExchangeRate.ECB)
        days = self._days.get(currency, [])
        index = bisect.bisect_right(days, day) - 1
        if index < 0:
            # Nothing in the table: ask the database, which raises naming the nearest days.
            return quote_on(currency, day, True, field)
        return self._quotes[currency][index]

    def convert(self, money: Money, target: str, day: datetime.date) -> Conversion:
        if target == money.currency:
            return Conversion(money, money, EUR_ONE, day, "", day)
        source_leg = self._quote(money.currency, day, "currency")
        target_leg = self._quote(target, day, "to_currency")
        return combine(money, target, day, source_leg, target_leg)
