"""The API's shapes of pipelines, deals, products, price books and orders.

Money is {"amount": "1234.50", "currency": "EUR"}: the amount a decimal string, never a float.
Input schemas refuse unknown fields; the services check values and name each bad field.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from orbis.kernel.iso import IsoDate, IsoDateTime
from orbis.kernel.money import Money

from .models import Deal, Order, Pipeline, PriceBook, Product, Quote

Strict = ConfigDict(extra="forbid")
DECIMAL: dict[str, Any] = {"pattern": r"^-?\d{1,15}(\.\d{1,4})?$"}
CURRENCY: dict[str, Any] = {"pattern": "^[A-Za-z]{3}$"}
COUNTRY: dict[str, Any] = {"pattern": "^[A-Za-z]{2}$"}


class MoneyOut(Schema):
    amount: str = Field(..., description="A decimal string in the currency's minor units")
    currency: str


def money(amount: Any, currency: str) -> dict[str, str] | None:
    """A stored amount in the currency's minor units (columns keep four decimals)."""
    if amount is None:
        return None
    return {"amount": str(Money(amount, currency).amount), "currency": currency}


# --- pipelines ---------------------------------------------------------------------------------


class StageIn(Schema):
    model_config = Strict

    name: str
    probability: str = Field("0", json_schema_extra=DECIMAL, description="Percent, 0 to 100")
    forecast_category: str = Field(
        "pipeline", description="pipeline, best_case, commit, closed_won, closed_lost, omitted"
    )


class PipelineCreate(Schema):
    model_config = Strict

    name: str
    market: str | None = Field(None, json_schema_extra=COUNTRY)
    product_line: str = ""
    stages: list[StageIn]


class StageOut(Schema):
    id: UUID
    name: str
    position: int
    probability: str
    forecast_category: str


class PipelineOut(Schema):
    id: UUID
    name: str
    market: str | None
    product_line: str
    is_active: bool
    stages: list[StageOut]


def pipeline_representation(pipeline: Pipeline) -> dict[str, Any]:
    return {
        "id": str(pipeline.pk),
        "name": pipeline.name,
        "market": pipeline.market.country if pipeline.market else None,
        "product_line": pipeline.product_line,
        "is_active": pipeline.is_active,
        "stages": [
            {
                "id": str(s.pk),
                "name": s.name,
                "position": s.position,
                "probability": str(s.probability),
                "forecast_category": s.forecast_category,
            }
            for s in pipeline.stages.all()
        ],
    }


# --- deals -------------------------------------------------------------------------------------


class DealContactIn(Schema):
    model_config = Strict

    contact: UUID
    role: str = "other"


class LineIn(Schema):
    model_config = Strict

    product: UUID
    quantity: str = Field("1", json_schema_extra=DECIMAL)
    description: str | None = None
    discount_percent: str | None = Field(None, json_schema_extra=DECIMAL)
    discount_amount: str | None = Field(None, json_schema_extra=DECIMAL)


class DealPatch(Schema):
    """Fields to change; those left out keep their value. A stage moves the deal."""

    model_config = Strict

    name: str | None = None
    pipeline: UUID | None = None
    stage: UUID | None = None
    amount: str | None = Field(None, json_schema_extra=DECIMAL)
    currency: str | None = Field(None, json_schema_extra=CURRENCY)
    close_date: IsoDate | None = None
    owner: UUID | None = None
    company: UUID | None = None
    market: str | None = Field(None, json_schema_extra=COUNTRY)
    next_step: str | None = None
    close_reason: str | None = None
    contacts: list[DealContactIn] | None = None
    price_book: UUID | None = None
    lines: list[LineIn] | None = None


class DealCreate(DealPatch):
    name: str
    pipeline: UUID
    market: str = Field(..., json_schema_extra=COUNTRY)
    close_date: IsoDate


class DealMove(Schema):
    model_config = Strict

    stage: UUID
    reason: str | None = None
    closed_on: IsoDate | None = Field(None, description="For a won or lost stage; today")


class RateOut(Schema):
    reporting_amount: MoneyOut
    rate: str
    date: datetime.date
    source: str


class DealOut(Schema):
    id: UUID
    name: str
    pipeline: UUID
    stage: UUID
    stage_name: str
    status: str
    amount: MoneyOut
    close_date: datetime.date
    closed_on: datetime.date | None
    owner: UUID | None
    company: UUID | None
    market: str
    region: str
    next_step: str
    close_reason: str
    price_book: UUID | None
    locked_rate: RateOut | None = Field(None, description="A won deal's rate of its close date")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DealPage(Schema):
    items: list[DealOut]
    next_cursor: str | None


def rate_representation(row: Deal | Order | Quote) -> dict[str, Any] | None:
    if row.reporting_amount is None:
        return None
    return {
        "reporting_amount": money(row.reporting_amount, row.reporting_currency),
        "rate": str(row.fx_rate),
        "date": row.fx_date,
        "source": row.fx_source,
    }


def deal_representation(deal: Deal) -> dict[str, Any]:
    return {
        "id": str(deal.pk),
        "name": deal.name,
        "pipeline": str(deal.pipeline_id),
        "stage": str(deal.stage_id),
        "stage_name": deal.stage.name,
        "status": deal.status,
        "amount": money(deal.amount, deal.currency),
        "close_date": deal.close_date,
        "closed_on": deal.closed_on,
        "owner": str(deal.owner_id) if deal.owner_id else None,
        "company": str(deal.company_id) if deal.company_id else None,
        "market": deal.market.country,
        "region": deal.region.code,
        "next_step": deal.next_step,
        "close_reason": deal.close_reason,
        "price_book": str(deal.price_book_id) if deal.price_book_id else None,
        "locked_rate": rate_representation(deal),
        "created_at": deal.created_at,
        "updated_at": deal.updated_at,
    }


# --- catalogue ---------------------------------------------------------------------------------


class ProductCreate(Schema):
    model_config = Strict

    sku: str
    name: str
    description: str | None = None
    pricing_model: str = Field("flat", description="flat, volume or tiered")
    tax_category: str = "standard"
    is_active: bool = True


class ProductOut(Schema):
    id: UUID
    sku: str
    name: str
    description: str
    pricing_model: str
    tax_category: str
    is_active: bool


def product_representation(product: Product) -> dict[str, Any]:
    return {
        "id": str(product.pk),
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "pricing_model": product.pricing_model,
        "tax_category": product.tax_category,
        "is_active": product.is_active,
    }


class TierIn(Schema):
    model_config = Strict

    min_quantity: int = Field(1, ge=1)
    unit_price: str = Field(..., json_schema_extra=DECIMAL)


class PricesIn(Schema):
    model_config = Strict

    tiers: list[TierIn]


class PriceBookCreate(Schema):
    model_config = Strict

    name: str
    currency: str = Field(..., json_schema_extra=CURRENCY)
    market: str | None = Field(None, json_schema_extra=COUNTRY)
    tax_inclusive: bool = False


class PriceOut(Schema):
    product: UUID
    sku: str
    min_quantity: int
    unit_price: MoneyOut


class PriceBookOut(Schema):
    id: UUID
    name: str
    currency: str
    market: str | None
    tax_inclusive: bool
    is_active: bool
    prices: list[PriceOut]


def price_book_representation(book: PriceBook) -> dict[str, Any]:
    return {
        "id": str(book.pk),
        "name": book.name,
        "currency": book.currency,
        "market": book.market.country if book.market else None,
        "tax_inclusive": book.tax_inclusive,
        "is_active": book.is_active,
        "prices": [
            {
                "product": str(e.product_id),
                "sku": e.product.sku,
                "min_quantity": e.min_quantity,
                "unit_price": money(e.unit_price, book.currency),
            }
            for e in book.entries.select_related("product").order_by("product__sku", "min_quantity")
        ],
    }


# --- orders ------------------------------------------------------------------------------------


class OrderLineIn(BaseModel):
    model_config = Strict

    sku: str | None = None
    description: str | None = None
    quantity: str = Field("1", json_schema_extra=DECIMAL)
    unit_price: str = Field(..., json_schema_extra=DECIMAL)
    discount: str | None = Field(
        None, json_schema_extra=DECIMAL, description="Amount off quantity x unit price"
    )
    refunded_quantity: str | None = Field(None, json_schema_extra=DECIMAL)


class OrderIn(BaseModel):
    model_config = Strict

    source: str
    external_id: str
    number: str | None = None
    contact: UUID | None = None
    company: UUID | None = None
    market: str = Field(..., json_schema_extra=COUNTRY)
    channel: str = Field("online", description="online, store, partner, phone or sales")
    status: str = Field(
        "placed",
        description="placed, paid, fulfilled, cancelled, partially_refunded or refunded",
    )
    currency: str | None = Field(None, json_schema_extra=CURRENCY)
    ordered_at: IsoDateTime = Field(..., description="ISO 8601 with its UTC offset")
    lines: list[OrderLineIn]
    tax_total: str | None = Field(None, json_schema_extra=DECIMAL)
    refunded_total: str | None = Field(None, json_schema_extra=DECIMAL)


# Plain pydantic models, not ninja Schemas: a Schema validates each of a thousand orders
# through its Django-attribute getter, a fifth of a batch's time.
class OrderBatch(BaseModel):
    model_config = Strict

    orders: list[OrderIn] = Field(..., max_length=1000)


class IngestOut(Schema):
    created: list[UUID]
    updated: list[UUID]
    unchanged: list[UUID]


class OrderLineOut(Schema):
    sku: str
    description: str
    quantity: str
    unit_price: MoneyOut
    discount: MoneyOut
    total: MoneyOut
    refunded_quantity: str


class OrderOut(Schema):
    id: UUID
    source: str
    external_id: str
    number: str
    contact: UUID | None
    company: UUID | None
    market: str
    region: str
    channel: str
    status: str
    ordered_at: datetime.datetime
    booked_on: datetime.date
    net_total: MoneyOut
    tax_total: MoneyOut
    gross_total: MoneyOut
    refunded_total: MoneyOut
    locked_rate: RateOut | None
    lines: list[OrderLineOut]


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: str | None


def order_representation(order: Order) -> dict[str, Any]:
    c = order.currency
    return {
        "id": str(order.pk),
        "source": order.source,
        "external_id": order.external_id,
        "number": order.number,
        "contact": str(order.contact_id) if order.contact_id else None,
        "company": str(order.company_id) if order.company_id else None,
        "market": order.market.country,
        "region": order.region.code,
        "channel": order.channel,
        "status": order.status,
        "ordered_at": order.ordered_at,
        "booked_on": order.booked_on,
        "net_total": money(order.net_total, c),
        "tax_total": money(order.tax_total, c),
        "gross_total": money(order.gross_total, c),
        "refunded_total": money(order.refunded_total, c),
        "locked_rate": rate_representation(order),
        "lines": [
            {
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": money(line.unit_price, c),
                "discount": money(line.discount_amount, c),
                "total": money(line.total, c),
                "refunded_quantity": str(line.refunded_quantity),
            }
            for line in order.lines.all()
        ],
    }
