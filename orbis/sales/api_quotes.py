"""REST endpoints for quotes: make one from a deal, list, read, send, and the PDF (conventions
of sales.api: 404 outside the caller's regions, Idempotency-Key on creates, If-Match checked
when sent on a send, cursors, unknown query parameters refused)."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from orbis.identity.api_auth import api_user
from orbis.kernel.http import api_version, idempotent, json_response
from orbis.kernel.ids import record_id
from orbis.kernel.iso import IsoDate
from orbis.kernel.web.cursors import encode_cursor

from .api import READ, UPDATE, WRITE, _after, _refuse_unknown
from .models import Quote, QuoteStatus
from .querysets import access_quote
from .quote_pdf import render_pdf
from .schemas import COUNTRY, MoneyOut, RateOut, Strict, money, rate_representation
from .services import quotes

router = Router(tags=["quotes"])


class QuoteCreate(Schema):
    """The deal's next quote version, from its current lines. The person defaults to the
    deal's first, the language to theirs, the validity to 30 days; the buyer's VAT number to
    the company's."""

    model_config = Strict

    deal: UUID
    contact: UUID | None = None
    language: str | None = Field(None, description="One of the UI languages, e.g. de, ja, ar")
    valid_until: IsoDate | None = None
    terms: str | None = None
    buyer_vat_number: str | None = None
    buyer_subdivision: str | None = Field(None, description="State or province, for US or CA")


class QuoteLineOut(Schema):
    sku: str
    description: str
    quantity: str
    unit_price: MoneyOut
    discount: MoneyOut
    total: MoneyOut


class TaxLineOut(Schema):
    code: str
    name: str
    rate: str
    amount: MoneyOut
    citation: str


class QuoteOut(Schema):
    id: UUID
    number: str
    version: int
    status: str = Field(..., description=", ".join(QuoteStatus.values))
    deal: UUID
    contact: UUID | None
    language: str
    valid_until: datetime.date
    terms: str
    seller_name: str
    buyer_name: str
    buyer_country: str = Field(..., json_schema_extra=COUNTRY)
    buyer_vat_number: str
    reverse_charge: bool
    tax_note: str
    net_total: MoneyOut
    tax_total: MoneyOut
    gross_total: MoneyOut
    taxes: list[TaxLineOut]
    lines: list[QuoteLineOut]
    locked_rate: RateOut | None = Field(None, description="The rate of the day it was sent")
    sent_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    order: UUID | None
    created_at: datetime.datetime


class QuotePage(Schema):
    items: list[QuoteOut]
    next_cursor: str | None


class QuoteFilters(Schema):
    deal: UUID | None = None
    status: str | None = Field(None, pattern="^(" + "|".join(QuoteStatus.values) + ")$")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


def quote_representation(quote: Quote) -> dict[str, Any]:
    c = quote.currency
    return {
        "id": str(quote.pk),
        "number": quote.number,
        "version": quote.version,
        "status": quote.status,
        "deal": str(quote.deal_id),
        "contact": str(quote.contact_id) if quote.contact_id else None,
        "language": quote.language,
        "valid_until": quote.valid_until,
        "terms": quote.terms,
        "seller_name": quote.seller_name,
        "buyer_name": quote.buyer_name,
        "buyer_country": quote.buyer_country,
        "buyer_vat_number": quote.buyer_vat_number,
        "reverse_charge": quote.reverse_charge,
        "tax_note": quote.tax_note,
        "net_total": money(quote.net_total, c),
        "tax_total": money(quote.tax_total, c),
        "gross_total": money(quote.gross_total, c),
        "taxes": [
            {
                "code": t["code"],
                "name": t["name"],
                "rate": t["rate"],
                "amount": money(t["amount"], c),
                "citation": t["citation"],
            }
            for t in quote.tax_lines
        ],
        "lines": [
            {
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": money(line.unit_price, c),
                "discount": money(line.discount_amount, c),
                "total": money(line.total, c),
            }
            for line in quote.lines.all()
        ],
        "locked_rate": rate_representation(quote),
        "sent_at": quote.sent_at,
        "decided_at": quote.decided_at,
        "order": str(quote.order_id) if quote.order_id else None,
        "created_at": quote.created_at,
    }


def _quote_response(user: Any, pk: Any, status: int = 200) -> HttpResponse:
    quote = access_quote(user, pk)
    headers = {"ETag": quote.etag}
    if status == 201:
        headers["Location"] = f"/api/v1/quotes/{quote.pk}"
    return json_response(quote_representation(quote), status=status, headers=headers)


@router.get("/quotes", response={200: QuotePage, **READ})
def list_quotes(request: HttpRequest, filters: Query[QuoteFilters]) -> HttpResponse:
    """Quotes the caller may see, newest first; follow `next_cursor` for more."""
    _refuse_unknown(request, QuoteFilters)
    user = api_user(request)
    rows = Quote.objects.visible_to(user).prefetch_related("lines")
    if filters.deal:
        rows = rows.filter(deal_id=filters.deal)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.cursor:
        created, pk = _after(filters.cursor)
        moment = datetime.datetime.fromisoformat(str(created))
        rows = rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__gt=pk))
    page = list(rows.order_by("-created_at", "id")[: filters.limit + 1])
    cursor = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        cursor = encode_cursor(page[-1].created_at.isoformat(), page[-1].pk)
    return json_response({"items": [quote_representation(q) for q in page], "next_cursor": cursor})


@router.post("/quotes", response={201: QuoteOut, **WRITE})
def create_quote(request: HttpRequest, payload: QuoteCreate) -> HttpResponse:
    """Make the deal's next quote. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = payload.model_dump(mode="json", exclude_unset=True)

    def produce() -> HttpResponse:
        quote = quotes.create_quote(data, actor=user)
        return _quote_response(user, quote.pk, status=201)

    return idempotent(request, str(user.pk), produce)


@router.get("/quotes/{quote_id}", response={200: QuoteOut, **READ})
def get_quote(request: HttpRequest, quote_id: str) -> HttpResponse:
    return _quote_response(api_user(request), record_id(quote_id))


@router.post("/quotes/{quote_id}/send", response={200: QuoteOut, **UPDATE})
def send_quote(request: HttpRequest, quote_id: str) -> HttpResponse:
    """Email a draft to its person with the PDF and the accept link; locks today's rate."""
    user, pk = api_user(request), record_id(quote_id)
    with api_version(request, required=False) as version:
        quotes.send_quote(pk, actor=user, version=version)
    return _quote_response(user, pk)


@router.get("/quotes/{quote_id}/pdf", response={200: None, **READ})
def quote_pdf(request: HttpRequest, quote_id: str) -> HttpResponse:
    """The quote as a PDF, in its language."""
    quote = access_quote(api_user(request), record_id(quote_id))
    response = HttpResponse(render_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{quote.number}.pdf"'
    return response
