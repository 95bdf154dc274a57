"""The order list (all, or one person's purchases from their page), an order's page, a
discounted order line, and the quote API: scoped, made from the deal, sent, as a PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from orbis.conftest import SETUP
from orbis.identity.tests.signing_in import signs_in
from orbis.kernel.errors import ValidationError
from orbis.sales.models import Order
from orbis.sales.services.orders import ingest_orders

from .conftest import Inbox, pdf_text

PASSWORD = "correct horse battery staple"


def _client(user: Any) -> Client:
    client = Client()
    assert signs_in(user.username, PASSWORD, client)
    return client


def _order(external_id: str, market: str, currency: str, **extra: Any) -> dict[str, Any]:
    return {
        "source": "shop",
        "external_id": external_id,
        "number": f"S-{external_id}",
        "market": market,
        "currency": currency,
        "channel": "online",
        "ordered_at": "2026-03-09T10:00:00+01:00",
        "lines": [{"sku": "MUG", "quantity": "2", "unit_price": "5.50"}],
        **extra,
    }


def test_the_order_list_shows_the_users_regions_and_totals_per_currency(
    eu_seller: Any, fx_rates: Any, make_contact: Any
) -> None:
    lena = make_contact(SETUP, given_name="Lena", family_name="Vogel", country="DE")
    ingest_orders(
        [
            _order("1", "DE", "EUR", contact=str(lena.pk)),
            _order("2", "GB", "GBP"),
            _order("3", "US", "USD"),
        ],
        actor=SETUP,
    )
    client = _client(eu_seller)

    every = client.get("/sales/orders/").content.decode()
    hers = client.get(f"/sales/orders/?contact={lena.pk}").content.decode()
    ingest_orders([_order("4", "DE", "GBP", contact=str(lena.pk))], actor=SETUP)
    two = client.get(f"/sales/orders/?contact={lena.pk}").content.decode()

    assert "S-1" in every and "S-2" in every and "S-3" not in every  # US is not EMEA
    assert "S-1" in hers and "S-2" not in hers
    # Her spend has a footer, one total per currency, never added together (the seller reads
    # German); the whole organisation's list has none.
    with translation.override("de"):
        footer = gettext("Total of all matching orders")
    assert footer in two and footer not in every
    assert "11,00\xa0€" in two.split(footer)[1] and "11,00\xa0£" in two.split(footer)[1]
    contact_page = client.get(f"/contacts/{lena.pk}/").content.decode()
    assert f"/sales/orders/?contact={lena.pk}" in contact_page


def test_an_order_page_outside_the_users_regions_is_a_404(eu_seller: Any, fx_rates: Any) -> None:
    (us,) = ingest_orders([_order("9", "US", "USD")], actor=SETUP).created
    (de,) = ingest_orders([_order("8", "DE", "EUR")], actor=SETUP).created
    client = _client(eu_seller)

    assert client.get(f"/sales/orders/{us}/").status_code == 404
    page = client.get(f"/sales/orders/{de}/")
    assert page.status_code == 200 and "S-8" in page.content.decode()


def test_an_order_line_discount_is_taken_off_and_checked(eu_seller: Any, fx_rates: Any) -> None:
    line = {"sku": "MUG", "quantity": "2", "unit_price": "5.50", "discount": "1.00"}
    (pk,) = ingest_orders([_order("7", "DE", "EUR", lines=[line])], actor=SETUP).created
    assert Order.objects.get(pk=pk).net_total == Decimal("10.00")

    too_much = {**line, "discount": "11.01"}
    try:
        ingest_orders([_order("6", "DE", "EUR", lines=[too_much])], actor=SETUP)
    except ValidationError as refused:
        assert "orders.0.lines.0.discount" in refused.errors
    else:
        raise AssertionError("a discount above the line was accepted")


def test_the_quote_api_makes_sends_and_prints_a_quote(
    quoted_deal: Any, eu_seller: Any, us_seller: Any, token_for: Any, smtp_server: Inbox
) -> None:
    headers = {"Authorization": f"Bearer {token_for(eu_seller)}"}
    api = Client()

    made = api.post(
        "/api/v1/quotes",
        {"deal": str(quoted_deal.pk), "language": "fr", "terms": "30 jours"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    quote = made.json()
    assert quote["gross_total"] == {"amount": "339.15", "currency": "EUR"}
    assert quote["status"] == "draft" and quote["language"] == "fr"

    sent = api.post(
        f"/api/v1/quotes/{quote['id']}/send", headers={**headers, "If-Match": made["ETag"]}
    )
    assert sent.status_code == 200 and sent.json()["locked_rate"] is not None
    assert len(smtp_server.messages) == 1
    pdf = api.get(f"/api/v1/quotes/{quote['id']}/pdf", headers=headers)
    assert pdf["Content-Type"] == "application/pdf" and quote["number"] in pdf_text(pdf.content)
    listed = api.get(f"/api/v1/quotes?deal={quoted_deal.pk}", headers=headers).json()
    assert [q["id"] for q in listed["items"]] == [quote["id"]]

    # Outside the caller's regions a quote does not exist.
    outsider = {"Authorization": f"Bearer {token_for(us_seller)}"}
    assert api.get(f"/api/v1/quotes/{quote['id']}", headers=outsider).status_code == 404
    assert api.get("/api/v1/quotes", headers=outsider).json()["items"] == []
    refused = api.post(
        "/api/v1/quotes",
        {"deal": str(quoted_deal.pk), "valid_until": "2001-01-01"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422 and "valid_until" in refused.content.decode()


def test_opening_a_quote_is_an_audited_read_of_its_person(quoted_deal: Any, eu_seller: Any) -> None:
    from orbis.audit.models import ReadEvent
    from orbis.sales.services import quotes

    quote = quotes.create_quote({"deal": str(quoted_deal.pk)}, actor=eu_seller)
    client = _client(eu_seller)

    assert client.get(f"/sales/quotes/{quote.pk}/").status_code == 200
    assert client.get(f"/sales/quotes/{quote.pk}/pdf/").status_code == 200

    reads = ReadEvent.objects.filter(target_type="customers.contact", channel="page")
    assert sum(str(quote.contact_id) in r.target_ids for r in reads) == 2
