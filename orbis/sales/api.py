"""REST endpoints for sales: thin wrappers that scope, call a service, render.

A deal or an order outside the caller's regions answers 404, as one that does not exist.
Creates honour Idempotency-Key; updates need If-Match; lists page with cursors.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from orbis.customers.schemas import Problem
from orbis.identity.api_auth import api_user
from orbis.kernel.errors import NotFound, ValidationError
from orbis.kernel.http import api_version, idempotent, json_response
from orbis.kernel.ids import record_id
from orbis.kernel.iso import IsoDate
from orbis.kernel.web.cursors import BadCursor, decode_cursor, encode_cursor

from . import forecast as forecasting
from .models import Deal, Order, Pipeline, PriceBook, Product
from .querysets import access_deal, access_order
from .schemas import (
    DealCreate,
    DealMove,
    DealOut,
    DealPage,
    DealPatch,
    IngestOut,
    OrderBatch,
    OrderIn,
    OrderOut,
    OrderPage,
    PipelineCreate,
    PipelineOut,
    PriceBookCreate,
    PriceBookOut,
    PricesIn,
    ProductCreate,
    ProductOut,
    deal_representation,
    order_representation,
    pipeline_representation,
    price_book_representation,
    product_representation,
)
from .services import catalogue, deals, orders, pipelines

router = Router()

READ: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
WRITE: dict[int, Any] = {**READ, 400: Problem, 413: Problem}
UPDATE: dict[int, Any] = {**WRITE, 412: Problem, 428: Problem}


def _data(payload: BaseModel) -> dict[str, Any]:
    return payload.model_dump(mode="json", exclude_unset=True)


def _after(cursor: str) -> tuple[Any, Any]:
    try:
        return decode_cursor(cursor)
    except BadCursor:
        raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None


def _refuse_unknown(request: HttpRequest, known: type[Schema]) -> None:
    unknown = sorted(set(request.GET) - set(known.model_fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown query parameter."))


# --- pipelines ---------------------------------------------------------------------------------


def _pipeline(user: Any, pk: Any) -> Pipeline:
    found = Pipeline.objects.visible_to(user).filter(pk=record_id(pk)).first()
    if found is None:
        raise NotFound("No such pipeline.")
    return found


@router.get("/pipelines", response={200: list[PipelineOut], **READ}, tags=["pipelines"])
def list_pipelines(request: HttpRequest) -> HttpResponse:
    """Every pipeline with its stages in order."""
    user = api_user(request)
    rows = Pipeline.objects.visible_to(user).select_related("market").prefetch_related("stages")
    return json_response([pipeline_representation(p) for p in rows])


@router.get("/pipelines/{pipeline_id}", response={200: PipelineOut, **READ}, tags=["pipelines"])
def get_pipeline(request: HttpRequest, pipeline_id: str) -> HttpResponse:
    return json_response(pipeline_representation(_pipeline(api_user(request), pipeline_id)))


@router.post("/pipelines", response={201: PipelineOut, **WRITE}, tags=["pipelines"])
def create_pipeline(request: HttpRequest, payload: PipelineCreate) -> HttpResponse:
    """A pipeline with its ordered stages (needs a closed won and a closed lost stage)."""
    user = api_user(request)
    data = _data(payload)

    def produce() -> HttpResponse:
        made = pipelines.create_pipeline(
            data["name"],
            data["stages"],
            market=data.get("market"),
            product_line=data.get("product_line", ""),
            actor=user,
        )
        return json_response(pipeline_representation(made), status=201)

    return idempotent(request, str(user.pk), produce)


# --- deals -------------------------------------------------------------------------------------


class DealFilters(Schema):
    pipeline: UUID | None = None
    stage: UUID | None = None
    status: str | None = Field(None, pattern="^(open|won|lost)$")
    owner: UUID | None = None
    market: str | None = Field(None, pattern="^[A-Za-z]{2}$")
    close_after: IsoDate | None = None
    close_before: IsoDate | None = None
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


def _deal_response(user: Any, pk: Any, status: int = 200) -> HttpResponse:
    deal = access_deal(user, pk)
    headers = {"ETag": deal.etag}
    if status == 201:
        headers["Location"] = f"/api/v1/deals/{deal.pk}"
    return json_response(deal_representation(deal), status=status, headers=headers)


@router.get("/deals", response={200: DealPage, **READ}, tags=["deals"])
def list_deals(request: HttpRequest, filters: Query[DealFilters]) -> HttpResponse:
    """Deals the caller may see, by name; follow `next_cursor` for more."""
    _refuse_unknown(request, DealFilters)
    user = api_user(request)
    rows: QuerySet[Deal] = Deal.objects.visible_to(user).active().with_details()
    for name in ("pipeline", "stage", "owner"):
        if getattr(filters, name):
            rows = rows.filter(**{f"{name}_id": getattr(filters, name)})
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.market:
        rows = rows.filter(market__country=filters.market.upper())
    if filters.close_after:
        rows = rows.filter(close_date__gte=filters.close_after)
    if filters.close_before:
        rows = rows.filter(close_date__lte=filters.close_before)
    if filters.cursor:
        name, pk = _after(filters.cursor)
        rows = rows.filter(Q(sort_name__gt=name) | Q(sort_name=name, pk__gt=pk))
    page = list(rows.order_by("sort_name", "id")[: filters.limit + 1])
    cursor = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        cursor = encode_cursor(page[-1].sort_name, page[-1].pk)
    return json_response({"items": [deal_representation(d) for d in page], "next_cursor": cursor})


@router.post("/deals", response={201: DealOut, **WRITE}, tags=["deals"])
def create_deal(request: HttpRequest, payload: DealCreate) -> HttpResponse:
    """Create a deal. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = _data(payload)

    def produce() -> HttpResponse:
        deal = deals.create_deal(data, actor=user)
        return _deal_response(user, deal.pk, status=201)

    return idempotent(request, str(user.pk), produce)


@router.get("/deals/{deal_id}", response={200: DealOut, **READ}, tags=["deals"])
def get_deal(request: HttpRequest, deal_id: str) -> HttpResponse:
    """One deal, with its ETag for a later update."""
    return _deal_response(api_user(request), record_id(deal_id))


@router.patch("/deals/{deal_id}", response={200: DealOut, **UPDATE}, tags=["deals"])
def update_deal(request: HttpRequest, deal_id: str, payload: DealPatch) -> HttpResponse:
    """Change some fields (a stage moves the deal). If-Match must carry the ETag."""
    user, pk = api_user(request), record_id(deal_id)
    with api_version(request, required=True) as version:
        deals.update_deal(pk, _data(payload), actor=user, version=version)
    return _deal_response(user, pk)


@router.post("/deals/{deal_id}/move", response={200: DealOut, **UPDATE}, tags=["deals"])
def move_deal(request: HttpRequest, deal_id: str, payload: DealMove) -> HttpResponse:
    """Move the deal into another stage of its pipeline; a won stage locks the close date's
    rate. If-Match is checked when sent."""
    user, pk = api_user(request), record_id(deal_id)
    data = _data(payload)
    with api_version(request, required=False) as version:
        deals.move_deal(
            pk,
            data["stage"],
            actor=user,
            version=version,
            reason=data.get("reason"),
            closed_on=data.get("closed_on"),
        )
    return _deal_response(user, pk)


# --- products and price books -----------------------------------------------------------------


@router.get("/products", response={200: list[ProductOut], **READ}, tags=["products"])
def list_products(request: HttpRequest) -> HttpResponse:
    rows = Product.objects.visible_to(api_user(request))
    return json_response([product_representation(p) for p in rows])


@router.get("/products/{product_id}", response={200: ProductOut, **READ}, tags=["products"])
def get_product(request: HttpRequest, product_id: str) -> HttpResponse:
    found = Product.objects.visible_to(api_user(request)).filter(pk=record_id(product_id)).first()
    if found is None:
        raise NotFound("No such product.")
    return json_response(product_representation(found))


@router.post("/products", response={201: ProductOut, **WRITE}, tags=["products"])
def create_product(request: HttpRequest, payload: ProductCreate) -> HttpResponse:
    user = api_user(request)
    data = _data(payload)

    def produce() -> HttpResponse:
        made = catalogue.create_product(data, actor=user)
        return json_response(product_representation(made), status=201)

    return idempotent(request, str(user.pk), produce)


def _book(user: Any, pk: Any) -> PriceBook:
    found = (
        PriceBook.objects.visible_to(user).select_related("market").filter(pk=record_id(pk)).first()
    )
    if found is None:
        raise NotFound("No such price book.")
    return found


@router.get("/price-books", response={200: list[PriceBookOut], **READ}, tags=["price books"])
def list_price_books(request: HttpRequest) -> HttpResponse:
    rows = PriceBook.objects.visible_to(api_user(request)).select_related("market")
    return json_response([price_book_representation(b) for b in rows])


@router.get("/price-books/{book_id}", response={200: PriceBookOut, **READ}, tags=["price books"])
def get_price_book(request: HttpRequest, book_id: str) -> HttpResponse:
    return json_response(price_book_representation(_book(api_user(request), book_id)))


@router.post("/price-books", response={201: PriceBookOut, **WRITE}, tags=["price books"])
def create_price_book(request: HttpRequest, payload: PriceBookCreate) -> HttpResponse:
    user = api_user(request)
    data = _data(payload)

    def produce() -> HttpResponse:
        made = catalogue.create_price_book(
            data["name"],
            data["currency"],
            market=data.get("market"),
            tax_inclusive=data.get("tax_inclusive", False),
            actor=user,
        )
        return json_response(price_book_representation(made), status=201)

    return idempotent(request, str(user.pk), produce)


@router.put(
    "/price-books/{book_id}/prices/{product_id}",
    response={200: PriceBookOut, **WRITE},
    tags=["price books"],
)
def set_prices(
    request: HttpRequest, book_id: str, product_id: str, payload: PricesIn
) -> HttpResponse:
    """Replace a product's prices in the book: one tier for a flat price, more for tiers."""
    user = api_user(request)
    book = _book(user, book_id)
    product = Product.objects.visible_to(user).filter(pk=record_id(product_id)).first()
    if product is None:
        raise NotFound("No such product.")
    catalogue.set_prices(book, product, _data(payload)["tiers"], actor=user)
    return json_response(price_book_representation(book))


# --- orders ------------------------------------------------------------------------------------


class OrderFilters(Schema):
    contact: UUID | None = None
    company: UUID | None = None
    source: str | None = None
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/orders", response={200: OrderPage, **READ}, tags=["orders"])
def list_orders(request: HttpRequest, filters: Query[OrderFilters]) -> HttpResponse:
    """Orders the caller may see, oldest first; follow `next_cursor` for more."""
    _refuse_unknown(request, OrderFilters)
    user = api_user(request)
    rows = Order.objects.visible_to(user).select_related("market", "region")
    if filters.contact:
        rows = rows.filter(contact_id=filters.contact)
    if filters.company:
        rows = rows.filter(company_id=filters.company)
    if filters.source:
        rows = rows.filter(source=filters.source)
    if filters.cursor:
        value, pk = _after(filters.cursor)
        try:
            at = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None
        rows = rows.filter(Q(ordered_at__gt=at) | Q(ordered_at=at, pk__gt=pk))
    page = list(rows.prefetch_related("lines").order_by("ordered_at", "id")[: filters.limit + 1])
    cursor = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        cursor = encode_cursor(page[-1].ordered_at.isoformat(), page[-1].pk)
    return json_response({"items": [order_representation(o) for o in page], "next_cursor": cursor})


@router.post("/orders/bulk", response={200: IngestOut, **WRITE}, tags=["orders"])
def ingest(request: HttpRequest, payload: OrderBatch) -> HttpResponse:
    """Up to 1,000 orders, each created or updated by (source, external_id): a resend
    changes nothing, other content is an update. One bad order names its field
    (`orders.7.currency`) and none of the batch is stored."""
    user = api_user(request)

    def produce() -> HttpResponse:
        result = orders.ingest_orders(_data(payload)["orders"], actor=user)
        return json_response(
            {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )

    return idempotent(request, str(user.pk), produce)


@router.get("/orders/{order_id}", response={200: OrderOut, **READ}, tags=["orders"])
def get_order(request: HttpRequest, order_id: str) -> HttpResponse:
    order = access_order(api_user(request), record_id(order_id))
    return json_response(order_representation(order))


@router.post("/orders", response={201: OrderOut, 200: OrderOut, **WRITE}, tags=["orders"])
def create_order(request: HttpRequest, payload: OrderIn) -> HttpResponse:
    """One order, found by (source, external_id): 201 when new, 200 when it was there."""
    user = api_user(request)
    result = orders.ingest_orders([_data(payload)], actor=user)
    pk = (result.created or result.updated or result.unchanged)[0]
    return json_response(
        order_representation(access_order(user, pk)), status=201 if result.created else 200
    )


# --- forecast ----------------------------------------------------------------------------------


@router.get("/forecast", response={200: forecasting.ForecastOut, **READ}, tags=["forecast"])
def get_forecast(request: HttpRequest, filters: Query[forecasting.ForecastQuery]) -> HttpResponse:
    """Weighted pipeline and forecast categories per close month, in the reporting currency:
    open deals at the latest rate, won deals at their close date's rate."""
    _refuse_unknown(request, forecasting.ForecastQuery)
    user = api_user(request)
    return json_response(forecasting.as_json(forecasting.build(user, filters)))
