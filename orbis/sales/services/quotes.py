"""Quotes: made from a deal's lines, sent by email with the PDF and a signed link, accepted or
declined by the customer through that link; an accepted quote becomes an order.

Each new quote of a deal is its next version and supersedes the open ones before it, so only
the latest can be accepted. A quote copies the lines, parties and taxes when it is made; it
locks the rate into the reporting currency on the day it is sent (sales.rates); its order
books at the rate of the day it is accepted, as every order does.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from orbis.audit.services import record
from orbis.customers import cleaning
from orbis.customers.models import Contact
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.money import Money
from orbis.kernel.versions import check_version
from orbis.localisation.fx import as_date
from orbis.localisation.models import Market

from .. import rates, tax
from ..models import Deal, DealStatus, Quote, QuoteLine, QuoteStatus
from ..querysets import access_deal, access_quote
from ..quote_links import market_today, public_link, recipient_email
from . import orders

# The customer following the signed link: no account, named "system:customer" in the trail.
THE_CUSTOMER = SystemActor("customer")
QUOTE_FIELDS = frozenset(
    {"deal", "contact", "language", "valid_until", "terms", "buyer_vat_number", "buyer_subdivision"}
)
DEFAULT_VALIDITY = datetime.timedelta(days=30)
MAX_VALIDITY = datetime.timedelta(days=366)
ORDER_SOURCE = "orbis-quote"


# --- making a quote ----------------------------------------------------------------------------


def _language(value: Any, contact: Contact | None, market: Market) -> str:
    known = [code for code, _name in settings.LANGUAGES]
    chosen = (value or "").strip() or (contact.language if contact else "") or ""
    chosen = chosen or market.default_language
    for candidate in (chosen, chosen.split("-")[0]):
        for code in known:
            if code.lower() == candidate.lower().replace("_", "-"):
                return code
    if value:
        raise ValidationError({"language": f"Quotes are printed in: {', '.join(known)}."})
    return settings.LANGUAGE_CODE


def _recipient(deal: Deal, value: Any) -> Contact | None:
    """The person the quote is for: one of the deal's people (the first, unless named)."""
    roles = deal.contact_roles.select_related("contact").order_by("role", "id")
    if not value:
        first = roles.first()
        return first.contact if first else None
    pk = parse_uuid(value)
    found = next((r.contact for r in roles if pk and r.contact.pk == pk), None)
    if found is None:
        raise ValidationError({"contact": "Choose one of the deal's people."})
    return found


def _valid_until(value: Any, today: datetime.date) -> datetime.date:
    if not value:
        return today + DEFAULT_VALIDITY
    day = as_date(value, "valid_until")
    if day < today:
        raise ValidationError({"valid_until": "A date from today on."})
    if day > today + MAX_VALIDITY:
        raise ValidationError({"valid_until": "At most a year ahead."})
    return day


def _taxes(deal: Deal, lines: list[Any], buyer: dict[str, Any], on: datetime.date) -> Any:
    """The taxes of the lines grouped by tax category (tax.tax_for on each group's net),
    summed."""
    groups: dict[str, Money] = defaultdict(lambda: Money.zero(deal.currency))
    for line in lines:
        groups[line.product.tax_category] += Money(line.total, deal.currency)
    net = Money.zero(deal.currency)
    total = Money.zero(deal.currency)
    tax_lines: list[dict[str, str]] = []
    notes: list[str] = []
    reverse_charge = False
    number = ""
    pack = ""
    for category, amount in sorted(groups.items()):
        result = tax.tax_for(
            seller_country=deal.market.country,
            buyer_country=buyer["country"],
            net=amount,
            on=on,
            category=category,
            buyer_subdivision=buyer["subdivision"],
            buyer_vat_number=buyer["vat_number"],
            buyer_is_business=buyer["is_business"],
        )
        net += result.net
        total += result.total
        tax_lines += [
            {
                "code": line.code,
                "name": line.name,
                "rate": str(line.rate),
                "base": str(line.base.amount),
                "amount": str(line.amount.amount),
                "citation": line.citation,
            }
            for line in result.lines
        ]
        if result.note and result.note not in notes:
            notes.append(result.note)
        reverse_charge = reverse_charge or result.reverse_charge
        number = number or result.buyer_vat_number
        pack = f"{result.pack} {result.pack_version}".strip()
    return net, total, tax_lines, " ".join(notes), reverse_charge, number, pack


def _buyer(deal: Deal, contact: Contact | None, data: dict[str, Any]) -> dict[str, Any]:
    company = deal.company
    if company is None and contact is None:
        raise ValidationError({"contact": "A quote needs the deal's company or one of its people."})
    address = (company.addresses[0] if company and company.addresses else {}) or {}
    subdivision = data.get("buyer_subdivision")
    if subdivision is None:
        subdivision = str(address.get("country_area", ""))
    vat_number = data.get("buyer_vat_number")
    if vat_number is None:
        vat_number = company.vat_number if company else ""
    if company is not None:
        name, country = company.legal_name or company.name, company.country
    else:
        assert contact is not None
        name, country = contact.display_name, contact.country
    return {
        "name": name,
        "country": country,
        "subdivision": cleaning.text(subdivision, "buyer_subdivision", 10),
        "vat_number": cleaning.text(vat_number, "buyer_vat_number", 40),
        "is_business": company is not None,
    }


def _number(deal: Deal, version: int) -> str:
    return f"Q-{deal.pk.hex[:8].upper()}-{version}"


@transaction.atomic
def create_quote(data: dict[str, Any], *, actor: Any) -> Quote:
    """The deal's next quote version from its current lines, taxed for the buyer."""
    if not isinstance(data, dict):
        raise ValidationError({"body": "Expected an object."})
    unknown = sorted(set(data) - QUOTE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))
    if not data.get("deal"):
        raise ValidationError({"deal": "Required."})
    deal = access_deal(actor, data["deal"], action="change", for_update=True)
    deal = Deal.objects.select_related("market", "region", "company", "price_book").get(pk=deal.pk)
    if deal.status == DealStatus.LOST:
        raise ValidationError({"deal": "This deal is lost; it cannot be quoted."})
    if deal.price_book and deal.price_book.tax_inclusive:
        # An order's lines are net; splitting tax-inclusive lines exactly is later work.
        raise ValidationError(
            {"price_book": "Quotes are made from net price books; this one includes tax."}
        )
    lines = list(deal.lines.select_related("product").order_by("position", "id"))
    if not lines:
        raise ValidationError({"lines": "The deal has no line items to quote; add products first."})
    for n, line in enumerate(lines):
        if not line.product.is_active:
            raise ValidationError(
                {f"lines.{n}.product": f"{line.product.sku} is no longer sold; remove it first."}
            )
    contact = _recipient(deal, data.get("contact"))
    today = market_today(deal.market)
    buyer = _buyer(deal, contact, data)
    net, tax_total, tax_lines, note, reverse_charge, number, pack = _taxes(
        deal, lines, buyer, today
    )
    version = (deal.quotes.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    superseded = list(
        deal.quotes.filter(status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT]).values_list(
            "number", flat=True
        )
    )
    deal.quotes.filter(number__in=superseded).update(status=QuoteStatus.SUPERSEDED)
    quote = Quote.objects.create(
        deal=deal,
        number=_number(deal, version),
        version=version,
        market=deal.market,
        region=deal.region,
        contact=contact,
        language=_language(data.get("language"), contact, deal.market),
        currency=deal.currency,
        valid_until=_valid_until(data.get("valid_until"), today),
        terms=cleaning.text(data.get("terms") or "", "terms", 4000),
        seller_name=deal.market.legal_entity_name or settings.ORBIS_ORGANISATION_NAME,
        seller_address=deal.market.legal_entity_address,
        seller_country=deal.market.country,
        seller_tax_id=deal.market.legal_entity_tax_id,
        buyer_name=buyer["name"],
        buyer_country=buyer["country"],
        buyer_vat_number=number,
        reverse_charge=reverse_charge,
        tax_note=note,
        tax_lines=tax_lines,
        tax_pack=pack,
        net_total=net.amount,
        tax_total=tax_total.amount,
        gross_total=(net + tax_total).amount,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            product=line.product,
            position=n,
            sku=line.product.sku,
            description=line.description or line.product.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_amount=line.discount_amount,
            total=line.total,
            tax_category=line.product.tax_category,
        )
        for n, line in enumerate(lines)
    )
    changes = {
        "version": version,
        "gross_total": f"{quote.gross_total} {quote.currency}",
        "superseded": superseded,
    }
    record("sales.quote_created", quote, actor=actor, region=deal.region.code, changes=changes)
    return quote


# --- sending -----------------------------------------------------------------------------------


def _mail(quote: Quote, address: str) -> None:
    from ..quote_pdf import render_pdf

    with translation.override(quote.language):
        context = {"quote": quote, "link": public_link(quote)}
        subject = render_to_string("sales/email/quote_subject.txt", context).strip()
        body = render_to_string("sales/email/quote_body.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach(f"{quote.number}.pdf", render_pdf(quote), "application/pdf")
    message.send()


@transaction.atomic
def send_quote(quote: Quote | Any, *, actor: Any, version: str | None = None) -> Quote:
    """Email a draft quote with its PDF and link, and lock today's rate on it. A failed send
    leaves it a draft."""
    quote = access_quote(actor, getattr(quote, "pk", quote), action="change", for_update=True)
    check_version(quote, version)
    quote = Quote.objects.select_related("market", "region", "contact", "deal").get(pk=quote.pk)
    if quote.status != QuoteStatus.DRAFT:
        raise ValidationError(
            {"status": f"Only a draft can be sent; this quote is {quote.get_status_display()}."}
        )
    today = market_today(quote.market)
    if quote.valid_until < today:
        raise ValidationError({"valid_until": "This quote's validity has passed; make a new one."})
    address = recipient_email(quote)
    if not address:
        raise ValidationError({"contact": "The quote's person has no email address."})
    locked = rates.lock_rate(quote, quote.net, today)
    quote.status = QuoteStatus.SENT
    quote.sent_at = timezone.now()
    quote.save()
    _mail(quote, address)
    changes = {k: str(v) for k, v in locked.items()} | {"to": "the quote's contact"}
    record("sales.quote_sent", quote, actor=actor, region=quote.region.code, changes=changes)
    return quote


# --- the customer's answer ---------------------------------------------------------------------


def _open_for_answer(quote: Quote) -> Quote:
    quote = Quote.objects.select_for_update().select_related("market", "region").get(pk=quote.pk)
    if quote.status in (QuoteStatus.ACCEPTED, QuoteStatus.DECLINED):
        raise ValidationError(
            {"status": f"This quote was already answered: {quote.get_status_display()}."}
        )
    if quote.status != QuoteStatus.SENT:
        raise ValidationError(
            {"status": "A newer version of this quote replaced it; ask for the latest one."}
        )
    if quote.valid_until < market_today(quote.market):
        raise ValidationError({"valid_until": f"This quote expired on {quote.valid_until}."})
    return quote


def _order_item(quote: Quote) -> dict[str, Any]:
    def amount(value: Any) -> str:  # the column keeps 4 places; the order wants the currency's
        return str(Money(value, quote.currency).amount)

    return {
        "source": ORDER_SOURCE,
        "external_id": str(quote.pk),
        "number": quote.number,
        "contact": str(quote.contact_id) if quote.contact_id else None,
        "company": str(quote.deal.company_id) if quote.deal.company_id else None,
        "market": quote.market.country,
        "channel": "sales",
        "status": "placed",
        "currency": quote.currency,
        "ordered_at": timezone.now().isoformat(),
        "tax_total": amount(quote.tax_total),
        "lines": [
            {
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": amount(line.unit_price),
                "discount": amount(line.discount_amount),
            }
            for line in quote.lines.order_by("position")
        ],
    }


@transaction.atomic
def accept_quote(quote: Quote, *, actor: Any) -> Quote:
    """The customer accepts (actor THE_CUSTOMER, through the link; or a seller on their
    behalf): the quote becomes an order, booked today at today's rate."""
    quote = _open_for_answer(quote)
    quote.deal = Deal.objects.get(pk=quote.deal_id)
    order = orders.book_order(_order_item(quote), actor=actor)
    order.deal = quote.deal
    order.save(update_fields=["deal"])
    quote.status = QuoteStatus.ACCEPTED
    quote.decided_at = timezone.now()
    quote.order = order
    quote.save()
    changes = {"order": str(order.pk), "gross_total": f"{quote.gross_total} {quote.currency}"}
    record("sales.quote_accepted", quote, actor=actor, region=quote.region.code, changes=changes)
    return quote


@transaction.atomic
def decline_quote(quote: Quote, *, actor: Any, reason: str = "") -> Quote:
    quote = _open_for_answer(quote)
    quote.status = QuoteStatus.DECLINED
    quote.decided_at = timezone.now()
    quote.save()
    changes = {"reason": cleaning.text(reason, "reason", 500)}
    record("sales.quote_declined", quote, actor=actor, region=quote.region.code, changes=changes)
    return quote
