"""Sales fixtures: sellers in EMEA and North America, a German pipeline, rates of known days.

eu_seller   customers.* and sales.* (but the catalogue) in EMEA
us_seller   the same in North America
quoted_deal a German deal with a licence line, a company and a person with an email
smtp_server a real SMTP server on loopback (aiosmtpd) that Django sends to
"""

from __future__ import annotations

import datetime
import email
import io
import socket
from decimal import Decimal
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from orbis.conftest import SALES, SETUP, _user
from orbis.customers.tests.test_browser import browser_page  # noqa: F401 (a shared fixture)
from orbis.identity import services as identity_services
from orbis.localisation.models import ExchangeRate
from orbis.sales.services import catalogue, deals, pipelines

SELLING = [*SALES, "sales.view", "sales.add", "sales.change", "sales.manage_orders"]

STAGES = [
    {"name": "Qualify", "probability": 10},
    {"name": "Propose", "probability": 40, "forecast_category": "best_case"},
    {"name": "Negotiate", "probability": 70, "forecast_category": "commit"},
    {"name": "Won", "probability": 100, "forecast_category": "closed_won"},
    {"name": "Lost", "probability": 0, "forecast_category": "closed_lost"},
]

# Units per 1 EUR, as the ECB quotes them, on three days (a Friday, the next Monday, a month on).
FRIDAY = datetime.date(2026, 3, 6)
MONDAY = datetime.date(2026, 3, 9)
LATER = datetime.date(2026, 4, 8)
RATES = {
    FRIDAY: {"USD": "1.0800", "JPY": "160.00", "GBP": "0.8500", "CAD": "1.4600", "BRL": "6.20"},
    MONDAY: {"USD": "1.1000", "JPY": "162.00", "GBP": "0.8600", "CAD": "1.4700", "BRL": "6.30"},
    LATER: {"USD": "1.2500", "JPY": "170.00", "GBP": "0.9000", "CAD": "1.5000", "BRL": "6.50"},
}


@pytest.fixture
def fx_rates(db: Any) -> dict[datetime.date, dict[str, str]]:
    # ORM setup: reference rates are loaded by the ECB loader, which reads files, not services.
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=c, date=day, rate=Decimal(r), source=ExchangeRate.ECB)
        for day, quotes in RATES.items()
        for c, r in quotes.items()
    )
    return RATES


@pytest.fixture
def eu_seller(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role("EMEA sellers", SELLING, [regions["emea"]], actor=SETUP)
    return _user("eu_seller", role, language="de", time_zone="Europe/Berlin")


@pytest.fixture
def us_seller(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role("NA sellers", SELLING, [regions["na"]], actor=SETUP)
    return _user("us_seller", role, reporting_currency="USD", time_zone="America/New_York")


@pytest.fixture
def german_pipeline(regions: dict[str, Any]) -> Any:
    return pipelines.create_pipeline("Germany", STAGES, market="DE", actor=SETUP)


@pytest.fixture
def any_market_pipeline(regions: dict[str, Any]) -> Any:
    return pipelines.create_pipeline("Licences", STAGES, product_line="Licences", actor=SETUP)


def stage(pipeline: Any, name: str) -> Any:
    return pipeline.stages.get(name=name)


@pytest.fixture
def euro_book(regions: dict[str, Any]) -> Any:
    return catalogue.create_price_book("Germany EUR", "EUR", market="DE", actor=SETUP)


@pytest.fixture
def licence(euro_book: Any) -> Any:
    product = catalogue.create_product({"sku": "LIC-1", "name": "Licence"}, actor=SETUP)
    catalogue.set_prices(
        euro_book, product, [{"min_quantity": 1, "unit_price": "100.00"}], actor=SETUP
    )
    return product


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Any:
    """A real SMTP server on loopback, and Django sending to it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def quoted_deal(
    eu_seller: Any,
    german_pipeline: Any,
    euro_book: Any,
    licence: Any,
    make_company: Any,
    make_contact: Any,
    fx_rates: Any,
) -> Any:
    company = make_company(SETUP, name="Vogel Maschinenbau GmbH", country="DE")
    buyer = make_contact(
        SETUP,
        given_name="Lena",
        family_name="Vogel",
        country="DE",
        language="de",
        emails=["lena.vogel@example.de"],
    )
    deal = deals.create_deal(
        {
            "name": "Vogel licences",
            "pipeline": str(german_pipeline.pk),
            "market": "DE",
            "company": str(company.pk),
            "close_date": "2026-06-30",
            "contacts": [{"contact": str(buyer.pk), "role": "decision_maker"}],
        },
        actor=eu_seller,
    )
    deals.update_deal(
        deal,
        {
            "price_book": str(euro_book.pk),
            "currency": "EUR",
            "lines": [{"product": str(licence.pk), "quantity": 3, "discount_amount": "15.00"}],
        },
        actor=eu_seller,
    )
    return deal
