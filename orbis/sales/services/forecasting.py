"""Quotas and the weekly forecast snapshot: the writers of sales.models.forecasting.

`set_quota` gives a seller a target for a period (sales.manage_quotas in the quota's region);
`take_snapshot` writes how the forecast stood on one day, deal by deal (DealSnapshot) and per
region, owner, close month and category (ForecastSnapshot). The weekly job runs it as
SystemActor("forecast"); the reads are in sales.forecast_history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from orbis.audit.services import record
from orbis.identity.access import grants_for, may, refused_region_ids, require_in
from orbis.identity.models import User
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.money import Money, validate_currency
from orbis.localisation.fx import as_date
from orbis.localisation.models import Region

from .. import pricing
from ..forecast import OPEN_CATEGORIES, quarter_start
from ..forecast_history import add_months
from ..models import Deal, DealSnapshot, DealStatus, ForecastCategory, ForecastSnapshot, Quota
from ..rates import reporting_currency
from ..totals import Converter

MANAGE_QUOTAS = "sales.manage_quotas"
# How far ahead of the snapshot's quarter open deals are kept: a year of close months.
HORIZON_MONTHS = 12
HUNDRED = Decimal(100)


# --- quotas ------------------------------------------------------------------------------------


def _owner(value: Any) -> User:
    if isinstance(value, User):
        return value
    owner = User.objects.filter(pk=value, is_active=True).first() if parse_uuid(value) else None
    if owner is None:
        raise ValidationError({"owner": "No active user with this id."})
    return owner


def _region(owner: User, value: Any) -> Region:
    """The region given, else the owner's home region (their team's), else the one region where
    the owner may see deals."""
    if value not in (None, ""):
        if isinstance(value, Region):
            return value
        found = Region.objects.filter(code=str(value).lower()).first()
        if found is None and parse_uuid(value):
            found = Region.objects.filter(pk=value).first()
        if found is None:
            raise ValidationError({"region": f"No such region: {value!r}."})
        return found
    if owner.team_id is not None:
        return owner.team.region  # type: ignore[union-attr]
    regions = grants_for(owner).region_ids("sales.view")
    if regions is not None and len(regions) == 1:
        return Region.objects.get(pk=next(iter(regions)))
    raise ValidationError(
        {"region": "The owner has no team and sells in several regions: name the region."}
    )


def _amount(amount: Any, currency: str | None) -> Money:
    if isinstance(amount, Money):
        money = amount
    else:
        if not currency:
            raise ValidationError({"currency": "Name the quota's currency."})
        code = validate_currency(currency, "currency")
        money = pricing.amount_of(amount, code, "amount")
    if money.amount <= 0:
        raise ValidationError({"amount": "A quota is more than zero."})
    return money


@transaction.atomic
def set_quota(
    owner: User | Any,
    period_start: datetime.date | str,
    period_end: datetime.date | str,
    amount: Money | Any,
    *,
    actor: Any,
    currency: str | None = None,
    region: Region | str | None = None,
) -> Quota:
    """Set what `owner` should win from `period_start` to `period_end` (both included): a new
    quota, or the one that starts on the same day changed. `amount` is Money, or a decimal
    string with `currency` (refused with more decimals than the currency has). The quota
    lives in `region` (the owner's home region by default), where the actor needs
    sales.manage_quotas and the owner sales.view."""
    errors: dict[str, str] = {}
    person = _owner(owner)
    start = as_date(period_start, "period_start") if period_start else None
    end = as_date(period_end, "period_end") if period_end else None
    if start is None:
        errors["period_start"] = "When does the period start?"
    if end is None:
        errors["period_end"] = "When does the period end?"
    if start and end and end < start:
        errors["period_end"] = "The period ends before it starts."
    if start and end and (end - start).days > 366:
        errors["period_end"] = "A quota's period is at most a year."
    money: Money | None = None
    try:
        money = _amount(amount, currency)
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.errors.items()})
    try:
        place = _region(person, region)
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.errors.items()})
        place = None
    if errors:
        raise ValidationError(errors)
    assert start and end and money and place
    require_in(actor, MANAGE_QUOTAS, place.pk, "quota")
    if not may(person, "sales.view", place.pk):
        raise ValidationError(
            {"owner": f"{person.get_username()} cannot see deals in the {place.name} region."}
        )
    overlapping = (
        Quota.objects.filter(owner=person, period_start__lte=end, period_end__gte=start)
        .exclude(period_start=start)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "period_start": (
                    f"This overlaps the quota from {overlapping.period_start.isoformat()} to "
                    f"{overlapping.period_end.isoformat()}."
                )
            }
        )
    quota = Quota.objects.select_for_update().filter(owner=person, period_start=start).first()
    changes: dict[str, Any] = {
        "owner": str(person.pk),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "amount": str(money.amount),
        "currency": money.currency,
        "region": place.code,
    }
    if quota is None:
        quota = Quota(owner=person, period_start=start)
        action = "sales.quota_set"
    else:
        require_in(actor, MANAGE_QUOTAS, quota.region_id, "quota")
        changes["from"] = {
            "period_end": quota.period_end.isoformat(),
            "amount": str(quota.amount),
            "currency": quota.currency,
        }
        action = "sales.quota_changed"
    quota.period_end, quota.amount, quota.currency, quota.region = (
        end,
        money.amount,
        money.currency,
        place,
    )
    quota.save()
    record(action, quota, actor=actor, region=place.code, changes=changes)
    return quota


# --- the weekly snapshot -----------------------------------------------------------------------


@dataclass
class SnapshotResult:
    """What one snapshot wrote: its day, rows, and the currencies left out for want of a rate."""

    taken_on: datetime.date
    deals: int = 0
    rows: int = 0
    missing_rates: list[str] = field(default_factory=list)


def _regions_for(actor: Any) -> list[Any]:
    # The rule of visible_to(actor, "change") for the snapshot tables, region by region.
    granted = grants_for(actor).region_ids(MANAGE_QUOTAS)
    every = Region.objects.values_list("pk", flat=True)
    refused = refused_region_ids(actor)
    held = [pk for pk in every if (granted is None or pk in granted) and pk not in refused]
    if not held:
        raise PermissionDenied(f"You need the '{MANAGE_QUOTAS}' permission for this.")
    return held


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def take_snapshot(*, actor: Any, taken_on: datetime.date | str | None = None) -> SnapshotResult:
    """Write how the forecast stands on `taken_on` (today) in the regions where the actor holds
    sales.manage_quotas, replacing what an earlier run wrote for that day there.

    Open deals closing from the day's quarter on, a year ahead, go in at their stage's
    category, converted at the latest rate on or before the day; deals won or lost in the
    quarter up to the day go in as closed won (at their locked rate) or closed lost."""
    day = as_date(taken_on, "taken_on")
    if day > timezone.localdate():
        raise ValidationError({"taken_on": "A snapshot cannot be taken of a day to come."})
    regions = _regions_for(actor)
    target = reporting_currency()
    first = quarter_start(day)
    horizon = add_months(first, HORIZON_MONTHS)
    DealSnapshot.objects.filter(taken_on=day, region_id__in=regions).delete()
    ForecastSnapshot.objects.filter(taken_on=day, region_id__in=regions).delete()
    deals = Deal.objects.filter(region_id__in=regions, archived_at__isnull=True)
    columns = (
        "pk",
        "region_id",
        "owner_id",
        "status",
        "amount",
        "currency",
        "close_date",
        "closed_on",
        "stage__forecast_category",
        "stage__probability",
        "reporting_amount",
        "reporting_currency",
        "fx_rate",
    )
    open_rows = deals.filter(
        status=DealStatus.OPEN, close_date__gte=first, close_date__lt=horizon
    ).values_list(*columns)
    closed_rows = deals.filter(
        status__in=(DealStatus.WON, DealStatus.LOST), closed_on__gte=first, closed_on__lte=day
    ).values_list(*columns)
    converter = Converter(target, day)
    missing: set[str] = set()
    lines: list[DealSnapshot] = []
    for row in [*open_rows, *closed_rows]:
        (pk, region_id, owner_id, status, amount, currency, close_date, closed_on) = row[:8]
        category, probability, locked, locked_currency, locked_rate = row[8:]
        value = Money(amount, currency)
        if status == DealStatus.WON and locked is not None and locked_currency == target:
            converted, rate = Money(locked, target), locked_rate
        else:
            conversion = converter.rate(currency)
            if conversion is None:
                missing.add(currency)
                continue
            converted, rate = Money(amount * conversion.rate, target), conversion.rate
        if status == DealStatus.WON:
            category, month, weight = ForecastCategory.CLOSED_WON, _month_of(closed_on), converted
        elif status == DealStatus.LOST:
            category, month = ForecastCategory.CLOSED_LOST, _month_of(closed_on)
            weight = Money.zero(target)
        else:
            month = _month_of(close_date)
            weight = Money(converted.amount * probability / HUNDRED, target)
        lines.append(
            DealSnapshot(
                taken_on=day,
                deal_id=pk,
                region_id=region_id,
                owner_id=owner_id,
                close_month=month,
                category=category,
                amount=value.amount,
                currency=value.currency,
                converted=converted.amount,
                weighted=weight.amount,
                reporting_currency=target,
                fx_rate=rate,
            )
        )
    DealSnapshot.objects.bulk_create(lines, batch_size=1000)
    sums: dict[tuple[Any, Any, datetime.date, str], list[Money]] = defaultdict(
        lambda: [Money.zero(target), Money.zero(target)]
    )
    for line in lines:
        if line.category not in (*OPEN_CATEGORIES, ForecastCategory.CLOSED_WON):
            continue
        total = sums[(line.region_id, line.owner_id, line.close_month, line.category)]
        total[0] = total[0] + Money(line.converted, target)
        total[1] = total[1] + Money(line.weighted, target)
    ForecastSnapshot.objects.bulk_create(
        (
            ForecastSnapshot(
                taken_on=day,
                region_id=region_id,
                owner_id=owner_id,
                close_month=month,
                category=category,
                amount=amount.amount,
                weighted=weighted.amount,
                currency=target,
            )
            for (region_id, owner_id, month, category), (amount, weighted) in sums.items()
        ),
        batch_size=1000,
    )
    result = SnapshotResult(day, len(lines), len(sums), sorted(missing))
    record(
        "sales.forecast_snapshot_taken",
        actor=actor,
        changes={
            "taken_on": day.isoformat(),
            "deals": result.deals,
            "rows": result.rows,
            "regions": sorted(Region.objects.filter(pk__in=regions).values_list("code", flat=True)),
            "missing_rates": result.missing_rates,
        },
    )
    return result
