"""REST endpoints of the forecast's history and the quotas: thin wrappers that scope, call a
service, render (conventions of sales.api: money as decimal strings, problem+json naming the
field, cursors for lists, Idempotency-Key on creates, unknown query parameters refused)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from orbis.identity.api_auth import api_user
from orbis.kernel.errors import ValidationError
from orbis.kernel.http import idempotent, json_response
from orbis.kernel.iso import IsoDate
from orbis.kernel.money import Money
from orbis.kernel.web.cursors import BadCursor, decode_cursor, encode_cursor
from orbis.localisation.models import Region

from . import forecast_history as history
from .api import READ, WRITE
from .forecast import OPEN_CATEGORIES, quarter_start
from .models import ForecastCategory, ForecastSnapshot, Quota
from .rates import reporting_currency
from .schemas import CURRENCY, DECIMAL, MoneyOut
from .services import forecasting
from .totals import sum_by_currency

router = Router(tags=["forecast"])

NO_PK = uuid.UUID(int=0)  # history pages by day alone; the cursor codec wants a pk beside it


def _refuse_unknown(request: HttpRequest, known: type[Schema]) -> None:
    unknown = sorted(set(request.GET) - set(known.model_fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown query parameter."))


def _after(cursor: str) -> tuple[Any, Any]:
    try:
        return decode_cursor(cursor)
    except BadCursor:
        raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None


def _cursor_day(cursor: str) -> datetime.date:
    value, _ = _after(cursor)
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None


def _money(value: Money | None) -> dict[str, str] | None:
    return None if value is None else {"amount": str(value.amount), "currency": value.currency}


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    found = Region.objects.filter(code=code.lower()).first()
    if found is None:
        raise ValidationError({"region": f"No such region: {code!r}."})
    return found


# --- the snapshots by week ---------------------------------------------------------------------


class HistoryQuery(Schema):
    start: IsoDate | None = Field(
        None, description="First close month (its first day); this quarter"
    )
    months: int = Field(3, ge=1, le=24)
    region: str | None = Field(None, pattern="^[a-z0-9_-]{1,20}$", description="A region's code")
    owner: UUID | None = None
    cursor: str | None = None
    limit: int = Field(12, ge=1, le=52, description="Weeks per page, newest first")


class HistoryMonthOut(Schema):
    month: datetime.date
    pipeline: MoneyOut
    best_case: MoneyOut
    commit: MoneyOut
    closed_won: MoneyOut
    weighted: MoneyOut


class HistoryWeekOut(Schema):
    taken_on: datetime.date
    months: list[HistoryMonthOut]


class HistoryPage(Schema):
    currency: str
    items: list[HistoryWeekOut]
    next_cursor: str | None


CATEGORIES = (*OPEN_CATEGORIES, ForecastCategory.CLOSED_WON)


@router.get("/forecast/history", response={200: HistoryPage, **READ})
def forecast_history(request: HttpRequest, filters: Query[HistoryQuery]) -> HttpResponse:
    """The weekly snapshots, newest first: per close month, each category and the weighted
    pipeline as they stood on the day, in the reporting currency of that day. Follow
    `next_cursor` for older weeks."""
    _refuse_unknown(request, HistoryQuery)
    user = api_user(request)
    start = (filters.start or quarter_start(timezone.localdate())).replace(day=1)
    end = history.add_months(start, filters.months)
    rows = ForecastSnapshot.objects.visible_to(user).filter(
        close_month__gte=start, close_month__lt=end
    )
    if filters.region:
        rows = rows.filter(region=_region(filters.region))
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    days_of = rows.order_by("-taken_on").values_list("taken_on", flat=True).distinct()
    if filters.cursor:
        days_of = days_of.filter(taken_on__lt=_cursor_day(filters.cursor))
    days = list(days_of[: filters.limit + 1])
    cursor = None
    if len(days) > filters.limit:
        days = days[: filters.limit]
        cursor = encode_cursor(days[-1], NO_PK)
    chosen = rows.filter(taken_on__in=days)
    group = ("taken_on", "close_month", "category")
    amounts = sum_by_currency(chosen, group=group)
    weights = sum_by_currency(chosen, amount="weighted", group=group)
    target = reporting_currency()
    restater = history.Restater(target)
    items = []
    for day in days:
        months = []
        for i in range(filters.months):
            month = history.add_months(start, i)
            cells = {c: restater.total(amounts.get((day, month, c), []), day) for c in CATEGORIES}
            weighted = Money.zero(target)
            for c in CATEGORIES:
                weighted = weighted + restater.total(weights.get((day, month, c), []), day)
            row: dict[str, object] = {"month": month}
            row |= {c: _money(v) for c, v in cells.items()}
            row["weighted"] = _money(weighted)
            months.append(row)
        items.append({"taken_on": day, "months": months})
    return json_response({"currency": target, "items": items, "next_cursor": cursor})


# --- quotas ------------------------------------------------------------------------------------


class QuotaQuery(Schema):
    owner: UUID | None = None
    region: str | None = Field(None, pattern="^[a-z0-9_-]{1,20}$", description="A region's code")
    on: IsoDate | None = Field(None, description="Only quotas whose period holds this day")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class MoneyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: str = Field(..., json_schema_extra=DECIMAL)
    currency: str = Field(..., json_schema_extra=CURRENCY)


class QuotaIn(Schema):
    """A seller's quota for a period; the region is the owner's home region unless named."""

    model_config = ConfigDict(extra="forbid")

    owner: UUID
    period_start: IsoDate
    period_end: IsoDate
    amount: MoneyIn
    region: str | None = Field(None, pattern="^[a-z0-9_-]{1,20}$")


class QuotaOwnerOut(Schema):
    id: UUID
    username: str
    name: str


class QuotaOut(Schema):
    id: UUID
    owner: QuotaOwnerOut
    region: str
    period_start: datetime.date
    period_end: datetime.date
    amount: MoneyOut
    amount_converted: MoneyOut | None = Field(
        None, description="In the reporting currency at the rate of the period's first day"
    )
    won: MoneyOut = Field(..., description="Deals won in the period and region, locked rates")
    attainment_percent: str | None


class QuotaPage(Schema):
    items: list[QuotaOut]
    next_cursor: str | None


def _quota_representation(row: history.Attainment) -> dict[str, Any]:
    quota = row.quota
    return {
        "id": quota.pk,
        "owner": {
            "id": quota.owner.pk,
            "username": quota.owner.username,
            "name": quota.owner.get_full_name(),
        },
        "region": quota.region.code,
        "period_start": quota.period_start,
        "period_end": quota.period_end,
        "amount": _money(row.target),
        "amount_converted": _money(row.target_converted),
        "won": _money(row.won),
        "attainment_percent": None if row.percent is None else str(row.percent),
    }


@router.get("/quotas", response={200: QuotaPage, **READ})
def list_quotas(request: HttpRequest, filters: Query[QuotaQuery]) -> HttpResponse:
    """Quotas the caller may see, by period start, each with what was won against it."""
    _refuse_unknown(request, QuotaQuery)
    user = api_user(request)
    rows = Quota.objects.visible_to(user)
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    if filters.region:
        rows = rows.filter(region=_region(filters.region))
    if filters.on:
        rows = rows.filter(period_start__lte=filters.on, period_end__gte=filters.on)
    if filters.cursor:
        value, pk = _after(filters.cursor)
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None
        rows = rows.filter(Q(period_start__gt=day) | Q(period_start=day, pk__gt=pk))
    page = list(
        rows.order_by("period_start", "id").values_list("pk", "period_start")[: filters.limit + 1]
    )
    cursor = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        cursor = encode_cursor(page[-1][1], page[-1][0])
    found = {r.quota.pk: r for r in history.attainment(user, quota_ids=[pk for pk, _ in page])}
    items = [_quota_representation(found[pk]) for pk, _ in page if pk in found]
    return json_response({"items": items, "next_cursor": cursor})


@router.post("/quotas", response={201: QuotaOut, **WRITE})
def set_quota(request: HttpRequest, payload: QuotaIn) -> HttpResponse:
    """Set a seller's quota for a period (sales.manage_quotas in its region); a quota starting
    the same day is replaced. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = payload.model_dump(mode="json")

    def produce() -> HttpResponse:
        try:
            quota = forecasting.set_quota(
                data["owner"],
                data["period_start"],
                data["period_end"],
                data["amount"]["amount"],
                currency=data["amount"]["currency"],
                region=data.get("region"),
                actor=user,
            )
        except ValidationError as error:
            names = {"amount": "amount.amount", "currency": "amount.currency"}
            raise ValidationError(
                {names.get(k, k): " ".join(v) for k, v in error.errors.items()}
            ) from None
        (row,) = history.attainment(user, quota_ids=[quota.pk])
        return json_response(
            _quota_representation(row),
            status=201,
            headers={"Location": f"/api/v1/quotas?owner={quota.owner_id}"},
        )

    return idempotent(request, str(user.pk), produce)
