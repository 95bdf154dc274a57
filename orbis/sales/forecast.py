"""The forecast: open deals by forecast category and close month, weighted by their stage's
win probability, and won deals by the month they closed, in the organisation's reporting
currency.

Open deals are summed per currency in SQL and each currency's sum converted at the latest
rate (its date and source are part of the answer); won deals add their locked reporting
amounts (sales.rates), so a past month does not move when rates move.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from ninja import Field, Schema

from orbis.kernel.iso import IsoDate
from orbis.kernel.money import Money
from orbis.localisation.fx import Conversion

from .models import Deal, DealStatus, ForecastCategory
from .rates import reporting_currency
from .totals import Converter

OPEN_CATEGORIES = (ForecastCategory.PIPELINE, ForecastCategory.BEST_CASE, ForecastCategory.COMMIT)
HUNDRED = Decimal(100)


class ForecastQuery(Schema):
    start: IsoDate | None = Field(None, description="First month (its first day); this quarter")
    months: int = Field(3, ge=1, le=24)
    market: str | None = Field(None, pattern="^[A-Za-z]{2}$")
    owner: UUID | None = None
    pipeline: UUID | None = None


@dataclass
class Month:
    """One close month: each category's amount and the weighted pipeline, in one currency."""

    month: datetime.date
    currency: str
    categories: dict[str, Money] = field(default_factory=dict)
    weighted: Money | None = None
    by_currency: dict[str, list[Money]] = field(default_factory=dict)

    def amount(self, category: str) -> Money:
        return self.categories.get(category, Money.zero(self.currency))


@dataclass
class Forecast:
    currency: str
    months: list[Month]
    conversions: list[Conversion]
    missing_rates: list[str]

    def total(self, category: str) -> Money:
        total = Money.zero(self.currency)
        for month in self.months:
            total = total + month.amount(category)
        return total

    @property
    def weighted(self) -> Money:
        total = Money.zero(self.currency)
        for month in self.months:
            total = total + (month.weighted or Money.zero(self.currency))
        return total


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def build(user: Any, query: ForecastQuery) -> Forecast:
    start = (query.start or quarter_start(timezone.localdate())).replace(day=1)
    end = _add_months(start, query.months)
    target = reporting_currency()
    deals = Deal.objects.visible_to(user).active()
    if query.market:
        deals = deals.filter(market__country=query.market.upper())
    if query.owner:
        deals = deals.filter(owner_id=query.owner)
    if query.pipeline:
        deals = deals.filter(pipeline_id=query.pipeline)
    months = {
        _add_months(start, i): Month(_add_months(start, i), target) for i in range(query.months)
    }
    converter = Converter(target)
    missing: set[str] = set()

    def converted(total: Decimal, currency: str) -> Money | None:
        conversion = converter.rate(currency)
        if conversion is None:
            missing.add(currency)
            return None
        return Money(total * conversion.rate, target)

    open_deals = (
        deals.filter(
            status=DealStatus.OPEN,
            close_date__gte=start,
            close_date__lt=end,
            stage__forecast_category__in=OPEN_CATEGORIES,
        )
        .annotate(
            month=TruncMonth("close_date"),
            weighted_amount=ExpressionWrapper(
                F("amount") * F("stage__probability") / HUNDRED,
                output_field=DecimalField(max_digits=24, decimal_places=6),
            ),
        )
        .order_by()
        .values("month", "stage__forecast_category", "currency")
        .annotate(total=Sum("amount"), weighted=Sum("weighted_amount"))
    )
    weighted: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for row in open_deals:
        month = months[_month(row["month"])]
        category, currency = row["stage__forecast_category"], row["currency"]
        month.by_currency.setdefault(category, []).append(Money(row["total"], currency))
        amount = converted(row["total"], currency)
        weight = converted(row["weighted"], currency)
        if amount is None or weight is None:
            continue
        month.categories[category] = month.amount(category) + amount
        weighted[month.month] += weight.amount
    won_rows = (
        deals.filter(status=DealStatus.WON, closed_on__gte=start, closed_on__lt=end)
        .annotate(month=TruncMonth("closed_on"))
        .order_by()
        .values("month", "reporting_currency")
        .annotate(total=Sum("reporting_amount"))
    )
    for won in won_rows:
        month = months[_month(won["month"])]
        locked = Money(won["total"], won["reporting_currency"])
        month.by_currency.setdefault(ForecastCategory.CLOSED_WON, []).append(locked)
        if locked.currency == target:
            month.categories[ForecastCategory.CLOSED_WON] = locked
        else:  # the organisation changed its reporting currency since: restate at today's rate
            restated = converted(locked.amount, locked.currency)
            if restated is not None:
                month.categories[ForecastCategory.CLOSED_WON] = restated
    for month in months.values():
        # Won counts whole; open deals by their stage's probability.
        month.weighted = Money(weighted[month.month], target) + month.amount(
            ForecastCategory.CLOSED_WON
        )
    return Forecast(target, list(months.values()), converter.used, sorted(missing))


# --- the API's shape ---------------------------------------------------------------------------


class ForecastMonthOut(Schema):
    month: datetime.date
    pipeline: dict[str, str]
    best_case: dict[str, str]
    commit: dict[str, str]
    closed_won: dict[str, str]
    weighted: dict[str, str]


class RateUsedOut(Schema):
    currency: str
    rate: str
    date: datetime.date
    source: str


class ForecastOut(Schema):
    currency: str
    months: list[ForecastMonthOut]
    rates: list[RateUsedOut]
    missing_rates: list[str]


def _money(value: Money) -> dict[str, str]:
    return {"amount": str(value.amount), "currency": value.currency}


def as_json(forecast: Forecast) -> dict[str, Any]:
    return {
        "currency": forecast.currency,
        "months": [
            {
                "month": m.month,
                **{c: _money(m.amount(c)) for c in (*OPEN_CATEGORIES, ForecastCategory.CLOSED_WON)},
                "weighted": _money(m.weighted or Money.zero(forecast.currency)),
            }
            for m in forecast.months
        ],
        "rates": [
            {
                "currency": c.original.currency,
                "rate": str(c.rate),
                "date": c.rate_date,
                "source": c.source,
            }
            for c in forecast.conversions
        ],
        "missing_rates": forecast.missing_rates,
    }
