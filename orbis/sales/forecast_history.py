"""How the forecast moved and how it came out: reads of the weekly snapshots, the quotas and the
won deals, each scoped with visible_to(user), every figure in the reporting currency.

- attainment: each quota against the owner's deals won in the quota's region and period, at
  the rates locked when they were won;
- forecast versus actual: per close month, each week's commit call (won so far plus open
  commit) and best-case call (plus best case) against what was finally won;
- waterfall: how the open commit of a quarter moved between two snapshots, deal by deal:
  new, increased, decreased, won, lost, slipped, and what the exchange rates did;
- commit accuracy: last quarter's commit call at its first snapshot against what was won;
- constant currency: won and ordered amounts of a period per market restated at the rates of
  one chosen day, beside the same amounts at their locked rates.

Past figures read locked or snapshot amounts, so a later rate change moves none of them; only
the constant-currency view converts again, at the day it names.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, ExpressionWrapper, F, QuerySet, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money
from orbis.localisation.fx import Conversion, convert
from orbis.localisation.fx_table import RateTable

from .forecast import quarter_start
from .models import (
    Deal,
    DealSnapshot,
    DealStatus,
    ForecastCategory,
    ForecastSnapshot,
    Order,
    OrderStatus,
    Quota,
)
from .rates import reporting_currency
from .totals import Converter, sum_by_currency

HUNDRED = Decimal(100)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _filtered(rows: QuerySet[Any], region: Any = None, owner: Any = None) -> QuerySet[Any]:
    if region is not None:
        rows = rows.filter(region_id=getattr(region, "pk", region))
    if owner is not None:
        rows = rows.filter(owner_id=getattr(owner, "pk", owner))
    return rows


class Restater:
    """Totals in the reporting currency: target-currency sums as they are, others (an amount
    locked before the organisation changed its reporting currency) at a stated day's rate."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.converters: dict[datetime.date, Converter] = {}
        self.missing: set[str] = set()

    def total(self, monies: list[Money], day: datetime.date) -> Money:
        total = Money.zero(self.target)
        for money in monies:
            if money.currency == self.target:
                total = total + money
                continue
            converter = self.converters.setdefault(day, Converter(self.target, day))
            conversion = converter.rate(money.currency)
            if conversion is None:
                self.missing.add(money.currency)
            else:
                total = total + Money(money.amount * conversion.rate, self.target)
        return total


def won_by_month(
    user: Any,
    start: datetime.date,
    end: datetime.date,
    *,
    region: Any = None,
    owner: Any = None,
    restater: Restater | None = None,
) -> dict[datetime.date, Money]:
    """Deals won from `start` up to (not including) `end`, per month they closed, at their
    locked rates."""
    restater = restater or Restater(reporting_currency())
    won = _filtered(
        Deal.objects.visible_to(user)
        .active()
        .filter(status=DealStatus.WON, closed_on__gte=start, closed_on__lt=end),
        region,
        owner,
    ).annotate(month=TruncMonth("closed_on"))
    sums = sum_by_currency(
        won, amount="reporting_amount", currency="reporting_currency", group=("month",)
    )
    return {
        _month(month): restater.total(monies, end - datetime.timedelta(days=1))
        for (month,), monies in sums.items()
    }


def snapshot_days(user: Any, *, region: Any = None, owner: Any = None) -> list[datetime.date]:
    """The days a snapshot visible to `user` was taken, oldest first."""
    rows = _filtered(ForecastSnapshot.objects.visible_to(user), region, owner)
    return sorted(set(rows.order_by().values_list("taken_on", flat=True).distinct()))


# --- attainment --------------------------------------------------------------------------------


@dataclass
class Attainment:
    """One quota and how much of it was won: in the reporting currency at locked rates."""

    quota: Quota
    target: Money  # the quota as set, in its currency
    target_converted: Money | None  # in the reporting currency; None without a rate
    quota_rate: Conversion | None  # when the quota is in another currency
    won: Money

    @property
    def percent(self) -> Decimal | None:
        if self.target_converted is None or not self.target_converted.amount:
            return None
        return (self.won.amount * HUNDRED / self.target_converted.amount).quantize(Decimal("0.1"))

    @property
    def remaining(self) -> Money | None:
        if self.target_converted is None:
            return None
        return self.target_converted - self.won


def attainment(
    user: Any,
    *,
    on: datetime.date | None = None,
    region: Any = None,
    owner: Any = None,
    quota_ids: Any = None,
) -> list[Attainment]:
    """Each quota visible to `user` whose period holds `on` (all of them when `on` is None),
    with the owner's deals won in the quota's region and period. A quota in another currency
    than the reporting one is converted at the rate of its period's first day, so its figure
    stays put as rates move. `quota_ids` narrows to those quotas (an API page)."""
    target = reporting_currency()
    quotas = _filtered(Quota.objects.visible_to(user), region, owner).select_related(
        "owner", "region"
    )
    if on is not None:
        quotas = quotas.filter(period_start__lte=on, period_end__gte=on)
    if quota_ids is not None:
        quotas = quotas.filter(pk__in=list(quota_ids))
    found = list(quotas.order_by("period_start", "owner__username"))
    if not found:
        return []
    won = (
        Deal.objects.visible_to(user)
        .active()
        .filter(
            status=DealStatus.WON,
            owner_id__in={q.owner_id for q in found},
            closed_on__gte=min(q.period_start for q in found),
            closed_on__lte=max(q.period_end for q in found),
        )
    )
    sums = sum_by_currency(
        won,
        amount="reporting_amount",
        currency="reporting_currency",
        group=("owner_id", "region_id", "closed_on"),
    )
    restater = Restater(target)
    out = []
    for quota in found:
        monies = [
            money
            for (owner_id, region_id, day), group in sums.items()
            if owner_id == quota.owner_id
            and region_id == quota.region_id
            and quota.period_start <= day <= quota.period_end
            for money in group
        ]
        by_currency: dict[str, Money] = {}
        for money in monies:
            by_currency[money.currency] = (
                by_currency.get(money.currency, Money.zero(money.currency)) + money
            )
        total = restater.total(list(by_currency.values()), quota.period_end)
        set_amount = Money(quota.amount, quota.currency)
        conversion: Conversion | None = None
        converted: Money | None = set_amount
        if quota.currency != target:
            try:
                conversion = convert(set_amount, target, quota.period_start, on_or_before=True)
                converted = conversion.converted
            except ValidationError:
                converted = None
        out.append(Attainment(quota, set_amount, converted, conversion, total))
    return out


# --- forecast versus actual ---------------------------------------------------------------------


@dataclass
class WeekCall:
    """What one week's snapshot called for a close month."""

    taken_on: datetime.date
    won: Money  # won so far in the month, at locked rates
    commit: Money  # open deals in commit
    best_case: Money  # open deals in best case

    @property
    def commit_call(self) -> Money:
        return self.won + self.commit

    @property
    def best_case_call(self) -> Money:
        return self.won + self.commit + self.best_case


@dataclass
class MonthOutcome:
    """A close month: each week's calls and what was finally won."""

    month: datetime.date
    currency: str
    weeks: list[WeekCall] = field(default_factory=list)
    actual: Money | None = None

    @property
    def last_call(self) -> WeekCall | None:
        return self.weeks[-1] if self.weeks else None


def forecast_vs_actual(
    user: Any,
    start: datetime.date,
    months: int = 3,
    *,
    region: Any = None,
    owner: Any = None,
) -> list[MonthOutcome]:
    """Per close month from `start`, each snapshot's commit and best-case calls and the deals
    finally won in that month."""
    target = reporting_currency()
    start = start.replace(day=1)
    end = add_months(start, months)
    rows = _filtered(
        ForecastSnapshot.objects.visible_to(user).filter(
            close_month__gte=start,
            close_month__lt=end,
            category__in=(
                ForecastCategory.COMMIT,
                ForecastCategory.BEST_CASE,
                ForecastCategory.CLOSED_WON,
            ),
        ),
        region,
        owner,
    )
    sums = sum_by_currency(rows, group=("close_month", "taken_on", "category"))
    restater = Restater(target)
    calls: dict[datetime.date, dict[datetime.date, dict[str, Money]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for (month, taken_on, category), monies in sums.items():
        calls[month][taken_on][category] = restater.total(monies, taken_on)
    won = won_by_month(user, start, end, region=region, owner=owner, restater=restater)
    today = timezone.localdate()
    out = []
    for i in range(months):
        month = add_months(start, i)
        zero = Money.zero(target)
        outcome = MonthOutcome(month, target)
        for taken_on in sorted(calls.get(month, {})):
            cats = calls[month][taken_on]
            outcome.weeks.append(
                WeekCall(
                    taken_on,
                    cats.get(ForecastCategory.CLOSED_WON, zero),
                    cats.get(ForecastCategory.COMMIT, zero),
                    cats.get(ForecastCategory.BEST_CASE, zero),
                )
            )
        if month <= today:
            outcome.actual = won.get(month, zero)
        out.append(outcome)
    return out


# --- the waterfall -----------------------------------------------------------------------------

STEPS = (
    ("new", _("New")),
    ("increased", _("Increased")),
    ("decreased", _("Decreased")),
    ("won", _("Won")),
    ("lost", _("Lost")),
    ("slipped", _("Slipped")),
    ("rates", _("Exchange rates")),
)


@dataclass
class Step:
    """One bar of the waterfall: a signed amount and how many deals made it."""

    key: str
    label: Any
    amount: Money
    deals: int = 0


@dataclass
class Waterfall:
    """How a quarter's open commit moved from one snapshot to a later one."""

    quarter: datetime.date
    since: datetime.date
    until: datetime.date
    currency: str
    start: Money
    end: Money
    steps: list[Step]

    @property
    def balances(self) -> bool:
        total = self.start
        for step in self.steps:
            total = total + step.amount
        return total == self.end


def _key(line: DealSnapshot) -> Any:
    return line.deal_id or f"line:{line.pk}"


def waterfall(
    user: Any,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    region: Any = None,
    owner: Any = None,
) -> Waterfall | None:
    """The open commit of the quarter of `until` (the latest snapshot), from the snapshot of
    `since` (the quarter's first) to that of `until`, deal by deal:

    new        in commit at the end, not at the start (created, or raised into commit);
    increased  / decreased  in commit at both, by the change of its amount at the end's rate,
               or left commit for best case or pipeline (decreased by all it was);
    won / lost closed won or lost meanwhile (lost also when archived);
    slipped    still open, its close date moved out of the quarter;
    rates      what the exchange rates alone moved for a deal in commit at both.

    start + every step = end. None when there is no snapshot."""
    days = snapshot_days(user, region=region, owner=owner)
    days_until = [d for d in days if d <= until] if until is not None else days
    if not days_until:
        return None
    end_day = days_until[-1]
    quarter = quarter_start(end_day)
    quarter_end = add_months(quarter, 3)
    if since is None:
        in_quarter = [d for d in days if quarter <= d <= end_day]
        start_day = in_quarter[0]
    else:
        earlier = [d for d in days if d <= since]
        start_day = earlier[-1] if earlier else days[0]
    target = reporting_currency()
    lines = _filtered(
        DealSnapshot.objects.visible_to(user).filter(taken_on__in=(start_day, end_day)),
        region,
        owner,
    )
    before: dict[Any, DealSnapshot] = {}
    after: dict[Any, DealSnapshot] = {}
    for line in lines:
        if line.taken_on == start_day:
            before[_key(line)] = line
        if line.taken_on == end_day:
            after[_key(line)] = line

    def in_commit(line: DealSnapshot | None) -> bool:
        return (
            line is not None
            and line.category == ForecastCategory.COMMIT
            and quarter <= line.close_month < quarter_end
        )

    def money(amount: Decimal) -> Money:
        return Money(amount, target)

    steps = {key: Step(key, label, Money.zero(target)) for key, label in STEPS}

    def add(key: str, amount: Money) -> None:
        steps[key].amount = steps[key].amount + amount
        steps[key].deals += 1

    start_total = end_total = Money.zero(target)
    for key, a in before.items():
        if not in_commit(a):
            continue
        was = money(a.converted)
        start_total = start_total + was
        b = after.get(key)
        if b is None or b.category == ForecastCategory.CLOSED_LOST:
            add("lost", -was)
        elif b.category == ForecastCategory.CLOSED_WON:
            add("won", -was)
        elif in_commit(b):
            now = money(b.converted)
            if a.currency == b.currency:
                restated = money(a.amount * b.fx_rate)
                if restated != was:
                    steps["rates"].amount = steps["rates"].amount + (restated - was)
                    steps["rates"].deals += 1
                change = now - restated
            else:
                change = now - was
            if change.amount > 0:
                add("increased", change)
            elif change.amount < 0:
                add("decreased", change)
        elif not quarter <= b.close_month < quarter_end:
            add("slipped", -was)
        else:
            add("decreased", -was)
    for key, b in after.items():
        if not in_commit(b):
            continue
        end_total = end_total + money(b.converted)
        if not in_commit(before.get(key)):
            add("new", money(b.converted))
    return Waterfall(
        quarter, start_day, end_day, target, start_total, end_total, list(steps.values())
    )


# --- last quarter's commit accuracy -------------------------------------------------------------


@dataclass
class CommitAccuracy:
    """A quarter's commit call at its first snapshot against what the quarter finally won."""

    quarter: datetime.date
    snapshot_on: datetime.date | None
    commit: Money | None
    won: Money

    @property
    def percent(self) -> Decimal | None:
        if self.commit is None or not self.commit.amount:
            return None
        return (self.won.amount * HUNDRED / self.commit.amount).quantize(Decimal("0.1"))

    @property
    def difference(self) -> Money | None:
        return None if self.commit is None else self.won - self.commit


def commit_accuracy(
    user: Any,
    quarter: datetime.date | None = None,
    *,
    region: Any = None,
    owner: Any = None,
) -> CommitAccuracy:
    """How close `quarter`'s (last quarter's) commit call came: at the quarter's first
    snapshot, won so far plus open commit closing in the quarter, against all deals won in it."""
    target = reporting_currency()
    first = quarter_start(quarter or add_months(quarter_start(timezone.localdate()), -3))
    last = add_months(first, 3)
    days = [d for d in snapshot_days(user, region=region, owner=owner) if first <= d < last]
    restater = Restater(target)
    won_months = won_by_month(user, first, last, region=region, owner=owner, restater=restater)
    won = Money.zero(target)
    for amount in won_months.values():
        won = won + amount
    if not days:
        return CommitAccuracy(first, None, None, won)
    rows = _filtered(
        ForecastSnapshot.objects.visible_to(user).filter(
            taken_on=days[0],
            close_month__gte=first,
            close_month__lt=last,
            category__in=(ForecastCategory.COMMIT, ForecastCategory.CLOSED_WON),
        ),
        region,
        owner,
    )
    sums = sum_by_currency(rows)
    commit = restater.total([m for monies in sums.values() for m in monies], days[0])
    return CommitAccuracy(first, days[0], commit, won)


# --- constant currency --------------------------------------------------------------------------


@dataclass
class MarketFigures:
    """One market's won and ordered amounts of a period: per currency, at the rates locked
    when they happened, and at the constant rates of one day."""

    market: str  # ISO 3166 country code
    won: list[Money] = field(default_factory=list)
    won_locked: Money | None = None
    won_constant: Money | None = None
    ordered: list[Money] = field(default_factory=list)
    ordered_locked: Money | None = None
    ordered_constant: Money | None = None


@dataclass
class ConstantCurrency:
    """A period restated at the rates of `rates_on` for comparing markets: every market's
    figures in one currency at one rate table, instead of each deal's or order's own rate."""

    start: datetime.date
    end: datetime.date
    rates_on: datetime.date
    currency: str
    markets: list[MarketFigures]
    rates: list[Conversion]
    missing_rates: list[str]

    def total(self, name: str) -> Money | None:
        total = Money.zero(self.currency)
        for market in self.markets:
            value = getattr(market, name)
            if value is None:
                return None
            total = total + value
        return total


REVENUE = ExpressionWrapper(
    Case(
        When(gross_total=0, then=F("net_total")),
        default=F("net_total") - F("refunded_total") * F("net_total") / F("gross_total"),
    ),
    output_field=DecimalField(max_digits=24, decimal_places=6),
)


def constant_currency(
    user: Any,
    start: datetime.date,
    end: datetime.date,
    rates_on: datetime.date,
) -> ConstantCurrency:
    """Deals won and orders booked from `start` to `end` (both included) per market, visible
    to `user`: each currency's sum converted at the rates of `rates_on` (the latest on or
    before it) and, beside it, the sum of their locked reporting amounts. Orders count net of
    tax and refunds, cancelled ones not at all, as their locked amounts do."""
    target = reporting_currency()
    won_rows = (
        Deal.objects.visible_to(user)
        .active()
        .filter(status=DealStatus.WON, closed_on__gte=start, closed_on__lte=end)
    )
    orders = (
        Order.objects.visible_to(user)
        .filter(booked_on__gte=start, booked_on__lte=end)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(revenue=REVENUE)
    )
    group = ("market__country",)
    won = sum_by_currency(won_rows, group=group)
    won_locked = sum_by_currency(
        won_rows, amount="reporting_amount", currency="reporting_currency", group=group
    )
    ordered = sum_by_currency(orders, amount="revenue", group=group)
    ordered_locked = sum_by_currency(
        orders, amount="reporting_amount", currency="reporting_currency", group=group
    )
    currencies = {
        m.currency
        for sums in (won, ordered, won_locked, ordered_locked)
        for ms in sums.values()
        for m in ms
    }
    table = RateTable(currencies | {target}, rates_on, rates_on)
    used: dict[str, Conversion] = {}
    missing: set[str] = set()

    def at_constant(monies: list[Money]) -> Money | None:
        total = Money.zero(target)
        complete = True
        for money in monies:
            try:
                conversion = table.convert(Money(Decimal(1), money.currency), target, rates_on)
            except ValidationError:
                missing.add(money.currency)
                complete = False
                continue
            if money.currency != target:
                used.setdefault(money.currency, conversion)
            total = total + Money(money.amount * conversion.rate, target)
        return total if complete else None

    restater = Restater(target)
    markets = []
    for (country,) in sorted(set(won) | set(ordered)):
        figures = MarketFigures(country)
        figures.won = won.get((country,), [])
        figures.won_locked = restater.total(won_locked.get((country,), []), end)
        figures.won_constant = at_constant(figures.won)
        figures.ordered = ordered.get((country,), [])
        figures.ordered_locked = restater.total(ordered_locked.get((country,), []), end)
        figures.ordered_constant = at_constant(figures.ordered)
        markets.append(figures)
    return ConstantCurrency(
        start,
        end,
        rates_on,
        target,
        markets,
        [used[c] for c in sorted(used)],
        sorted(missing | restater.missing),
    )
