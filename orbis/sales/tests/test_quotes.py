"""Quotes: made from a deal's lines and taxed for the buyer, versioned, sent through a real SMTP
server with the PDF attached, the rate locked on the day sent, accepted or declined through the
signed link, and an accepted quote becomes one order with the same totals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from django.test import Client

from orbis.audit.models import AuditEvent
from orbis.conftest import SETUP
from orbis.kernel.errors import ValidationError
from orbis.localisation.models import ExchangeRate
from orbis.sales import quote_links
from orbis.sales.models import Order, Quote, QuoteStatus
from orbis.sales.quote_pdf import render_pdf
from orbis.sales.services import catalogue, deals, quotes
from orbis.sales.tests.conftest import LATER, Inbox, pdf_text

FR_VAT = "FR40303265045"


def test_a_quote_copies_the_lines_and_taxes_a_domestic_sale(
    quoted_deal: Any, eu_seller: Any
) -> None:
    quote = quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller)

    # 3 x 100.00 - 15.00 = 285.00 net; German VAT 19 % = 54.15.
    assert (quote.net_total, quote.tax_total, quote.gross_total) == (
        Decimal("285.00"),
        Decimal("54.15"),
        Decimal("339.15"),
    )
    assert [(t["rate"], t["amount"]) for t in quote.tax_lines] == [("19", "54.15")]
    (line,) = quote.lines.all()
    assert (line.quantity, line.unit_price, line.discount_amount, line.total) == (
        Decimal(3),
        Decimal("100.00"),
        Decimal("15.00"),
        Decimal("285.00"),
    )
    assert quote.status == QuoteStatus.DRAFT and quote.version == 1
    assert quote.language == "de" and quote.buyer_name == "Vogel Maschinenbau GmbH"
    assert AuditEvent.objects.filter(action="sales.quote_created", target_id=str(quote.pk)).exists()


def test_a_cross_border_business_with_a_valid_vat_number_is_reverse_charged(
    quoted_deal: Any, eu_seller: Any
) -> None:
    company = quoted_deal.company
    company.country = "FR"
    company.save()

    quote = quotes.create_quote(
        {"deal": str(quoted_deal.pk), "buyer_vat_number": FR_VAT}, actor=eu_seller
    )

    assert quote.reverse_charge and quote.tax_total == 0 and quote.gross_total == quote.net_total
    assert quote.buyer_vat_number == FR_VAT and "reverse charge" in quote.tax_note.lower()


def test_a_new_version_supersedes_the_open_one_and_only_the_latest_can_be_accepted(
    quoted_deal: Any, eu_seller: Any, smtp_server: Inbox
) -> None:
    first = quotes.send_quote(
        quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller), actor=eu_seller
    )
    second = quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller)

    first.refresh_from_db()
    assert (first.status, second.version) == (QuoteStatus.SUPERSEDED, 2)
    with pytest.raises(ValidationError) as refused:
        quotes.accept_quote(first, actor=quotes.THE_CUSTOMER)
    assert "newer version" in refused.value.errors["status"][0]


def test_bad_quotes_are_refused_naming_the_field(
    quoted_deal: Any, eu_seller: Any, licence: Any
) -> None:
    cases = [
        ({"valid_until": "2020-01-01"}, "valid_until"),
        ({"language": "tlh"}, "language"),
        ({"contact": "00000000-0000-0000-0000-000000000001"}, "contact"),
        ({"colour": "red"}, "colour"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as refused:
            quotes.create_quote({"deal": str(quoted_deal.pk), **extra}, actor=eu_seller)
        assert field in refused.value.errors, extra
    catalogue.update_product(licence, {"is_active": False}, actor=SETUP)
    with pytest.raises(ValidationError) as refused:
        quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller)
    assert "lines.0.product" in refused.value.errors
    assert not Quote.objects.exists()


def test_sending_mails_the_pdf_and_link_and_locks_the_days_rate(
    quoted_deal: Any, eu_seller: Any, smtp_server: Inbox
) -> None:
    # Quote in USD so that the locked rate matters: a US price book and a US-priced line.
    book = catalogue.create_price_book("US USD", "USD", actor=SETUP)
    product = catalogue.create_product({"sku": "SVC-1", "name": "Service day"}, actor=SETUP)
    catalogue.set_prices(book, product, [{"unit_price": "1100.00"}], actor=SETUP)
    deals.update_deal(quoted_deal, {"lines": []}, actor=eu_seller)
    deals.update_deal(
        quoted_deal,
        {"price_book": str(book.pk), "currency": "USD", "lines": [{"product": str(product.pk)}]},
        actor=eu_seller,
    )
    quote = quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller)

    quote = quotes.send_quote(quote, actor=eu_seller)

    # Sent today: the latest rate on or before today is LATER's, 1 EUR = 1.25 USD, so the net
    # 1,100.00 USD is booked as 880.00 EUR (the stored rate is USD to EUR: 0.8).
    assert (quote.fx_date, quote.fx_rate) == (LATER, Decimal("0.8"))
    assert quote.reporting_amount == Decimal("880.00") and quote.status == QuoteStatus.SENT
    (message,) = smtp_server.messages
    assert message["To"] == "lena.vogel@example.de"
    assert quote.number in message["Subject"] and "Angebot" in message["Subject"]
    parts = {part.get_content_type(): part for part in message.walk()}
    body = cast(bytes, parts["text/plain"].get_payload(decode=True)).decode()
    token = body.split("/forms/quotes/")[1].split("/")[0]
    assert quote_links.quote_for_token(token).pk == quote.pk
    attachment = cast(bytes, parts["application/pdf"].get_payload(decode=True))
    assert quote.number in pdf_text(attachment)

    # A newer rate leaves the sent quote's booked value where it was.
    ExchangeRate.objects.create(
        currency="USD", date=datetime.date.today(), rate=Decimal("2"), source=ExchangeRate.ECB
    )
    quote.refresh_from_db()
    assert quote.reporting_amount == Decimal("880.00") and quote.fx_date == LATER


def test_the_customer_accepts_through_the_link_and_gets_one_order(
    quoted_deal: Any, eu_seller: Any, smtp_server: Inbox
) -> None:
    quote = quotes.send_quote(
        quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller), actor=eu_seller
    )
    link = f"/forms/quotes/{quote_links.link_token(quote)}/"
    visitor = Client(enforce_csrf_checks=False)

    page = visitor.get(link)
    assert page.status_code == 200 and "Angebot annehmen" in page.content.decode()
    assert visitor.post(link, {"answer": "accept"}).status_code == 302
    again = visitor.post(link, {"answer": "accept"})

    quote.refresh_from_db()
    order = Order.objects.get(source="orbis-quote", external_id=str(quote.pk))
    assert quote.status == QuoteStatus.ACCEPTED and quote.order_id == order.pk
    assert (order.net_total, order.tax_total, order.gross_total) == (
        quote.net_total,
        quote.tax_total,
        quote.gross_total,
    )
    assert order.deal_id == quoted_deal.pk and order.lines.get().discount_amount == Decimal("15")
    assert again.status_code == 422 and Order.objects.count() == 1
    assert AuditEvent.objects.filter(
        action="sales.quote_accepted", actor_label="system:customer"
    ).exists()


def test_an_expired_quote_cannot_be_accepted(
    quoted_deal: Any, eu_seller: Any, smtp_server: Inbox
) -> None:
    quote = quotes.send_quote(
        quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller), actor=eu_seller
    )
    # Valid until yesterday in Berlin (ORM: the service refuses a date in the past).
    yesterday = quote_links.market_today(quote.market) - datetime.timedelta(days=1)
    Quote.objects.filter(pk=quote.pk).update(valid_until=yesterday)

    with pytest.raises(ValidationError) as refused:
        quotes.accept_quote(quote, actor=quotes.THE_CUSTOMER)

    assert "expired" in refused.value.errors["valid_until"][0]
    page = Client().get(f"/forms/quotes/{quote_links.link_token(quote)}/").content.decode()
    assert 'value="accept"' not in page
    assert not Order.objects.exists()


def test_a_forged_link_is_a_404(db: Any) -> None:
    assert Client().get("/forms/quotes/not-a-token/").status_code == 404


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", ["見積", "合計"]), ("ar", ["عرض", "الإجمالي"])],
)
def test_the_pdf_is_in_the_quotes_language(
    quoted_deal: Any, eu_seller: Any, language: str, words: list[str]
) -> None:
    quote = quotes.create_quote(
        {"deal": str(quoted_deal.pk), "language": language}, actor=eu_seller
    )

    text = pdf_text(render_pdf(quote))

    assert quote.number in text
    for word in words:
        assert word in text, (word, text[:400])
