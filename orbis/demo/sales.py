"""The demo company's sales, through the sales services: a pipeline per region, a product
catalogue with a price book per market currency, deals in every stage (the won ones at the
rate of their close day; those from the proposal on with line items and a quote), three years
of orders for the first people of each market, a public web form with leads, quotas and this
week's snapshot."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from orbis.customers.models import Company, Contact
from orbis.kernel.errors import ValidationError
from orbis.localisation.models import ExchangeRate, Market
from orbis.sales import quote_links
from orbis.sales.models import Pipeline, PriceBook, Product
from orbis.sales.services import catalogue, deals, forecasting, leads, orders, pipelines, quotes

from .organisation import MARKETS, Organisation

STAGES = [
    {"name": "Qualify", "probability": 10},
    {"name": "Discovery", "probability": 25},
    {"name": "Proposal", "probability": 50, "forecast_category": "best_case"},
    {"name": "Negotiation", "probability": 80, "forecast_category": "commit"},
    {"name": "Won", "probability": 100, "forecast_category": "closed_won"},
    {"name": "Lost", "probability": 0, "forecast_category": "closed_lost"},
]
PRODUCTS = [
    ("ORB-CRM-SEAT", "Orbis CRM seat (year)", Decimal(480)),
    ("ORB-SVC-SEAT", "Orbis Service seat (year)", Decimal(360)),
    ("ORB-ONBOARD", "Onboarding package", Decimal(5000)),
    ("ORB-SUPPORT", "Premium support (year)", Decimal(12000)),
]
DEAL_NAMES = ["Rollout", "Expansion", "Renewal", "Pilot", "Migration", "New region", "Upgrade"]
LEADS = 10  # demo people who filled in the web form (reusing their contacts, so the
# demo still holds exactly the contacts asked for)
LEAD_TITLES = ["Head of Sales", "IT manager", "Procurement", "Operations lead", "CTO"]
DEALS_PER_REGION = 24
BUYERS_PER_MARKET = 25  # people with an order history
HISTORY_DAYS = 3 * 365
CHANNELS = ["online", "online", "store", "partner", "phone"]


def seed_sales(org: Organisation, seed: int) -> None:
    rng = random.Random(seed * 7919)
    actor = org.admin
    countries = {m.country for m in MARKETS}
    markets = {m.country: m for m in Market.objects.filter(country__in=countries)}
    products = [
        catalogue.create_product({"sku": sku, "name": name}, actor=actor)
        for sku, name, _price in PRODUCTS
    ]
    books: dict[str, PriceBook] = {}
    for currency in sorted({m.default_currency for m in markets.values()}):
        book = catalogue.create_price_book(f"List prices {currency}", currency, actor=actor)
        books[currency] = book
        for product, (_sku, _name, euros) in zip(products, PRODUCTS, strict=True):
            price = _in_currency(euros, currency)
            tiers = [{"min_quantity": 1, "unit_price": str(price)}]
            if product.sku.endswith("SEAT"):
                volume = (price * Decimal("0.85")).quantize(Decimal(1))
                tiers.append({"min_quantity": 100, "unit_price": str(volume)})
            catalogue.set_prices(book, product, tiers, actor=actor)
    today = timezone.localdate()
    for code, region in org.regions.items():
        in_region = [m for m in markets.values() if m.region_id == region.pk]
        if not in_region:
            continue
        pipeline = pipelines.create_pipeline(f"{region.name} direct", STAGES, actor=actor)
        for n in range(DEALS_PER_REGION):
            _deal(rng, org, code, pipeline, rng.choice(in_region), today, n, books, products)
    form = leads.create_web_form(
        "Talk to sales",
        "talk-to-sales",
        owner=actor,
        default_country="DE",
        allowed_origins=["https://www.orbis.example"],
        actor=actor,
    )
    people = Contact.objects.filter(country__in=list(markets)).order_by("pk")
    for n, person in enumerate(people.prefetch_related("points")[:LEADS]):
        email = next((p.value for p in person.points.all() if p.kind == "email"), "")
        if not email:
            continue
        data = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "email": email,
            "company_name": f"{person.family_name} {rng.choice(['GmbH', 'Ltd', 'Inc.', 'SA'])}",
            "job_title": LEAD_TITLES[n % len(LEAD_TITLES)],
            "country": person.country,
            "language": markets[person.country].default_language,
            "message": "",
        }
        leads.capture_lead(data, actor=leads.WEB_FORM, web_form=form)
    quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = _quarter_end(quarter)
    for code, reps in org.reps.items():
        for rep in reps:
            forecasting.set_quota(
                rep, quarter, end, "150000", currency="EUR", region=org.regions[code], actor=actor
            )
    forecasting.take_snapshot(actor=actor, taken_on=today)  # currencies without a rate: left out
    _order_history(rng, org, markets, products, today)


def _in_currency(euros: Decimal, currency: str) -> Decimal:
    """A round list price: the euro price at a rough, fixed rate (list prices are set by
    hand, not converted daily)."""
    rough = {"USD": 1.1, "CAD": 1.5, "MXN": 20, "BRL": 6, "GBP": 0.85, "JPY": 160, "CNY": 8}
    rough |= {"INR": 90, "AUD": 1.65, "SGD": 1.45, "KRW": 1450, "CHF": 0.95, "AED": 4}
    value = euros * Decimal(str(rough.get(currency, 1)))
    step = Decimal(100) if value >= 10000 else Decimal(10)
    return (value / step).quantize(Decimal(1)) * step


def _has_rates(currency: str) -> bool:
    reporting = settings.REPORTING_CURRENCY
    needed = {currency, reporting} - {"EUR"}
    return all(ExchangeRate.objects.filter(currency=c).exists() for c in needed)


def _quarter_end(start: datetime.date) -> datetime.date:
    month = start.month + 3
    year = start.year + (month > 12)
    return datetime.date(year, (month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)


def _deal(
    rng: random.Random,
    org: Organisation,
    code: str,
    pipeline: Pipeline,
    market: Market,
    today: datetime.date,
    n: int,
    books: dict[str, PriceBook],
    products: list[Product],
) -> None:
    owner = rng.choice(org.reps[code])
    company = Company.objects.filter(country=market.country).order_by("pk")[n : n + 1].first()
    person = Contact.objects.filter(country=market.country).order_by("pk")[n : n + 1].first()
    thousands = Decimal(rng.choice([8, 15, 24, 40, 65, 120]) * 1000)
    amount = _in_currency(thousands, market.default_currency)
    data: dict[str, Any] = {
        "name": f"{company.name if company else market.country} {rng.choice(DEAL_NAMES)}",
        "pipeline": str(pipeline.pk),
        "market": market.country,
        "amount": str(amount),
        "currency": market.default_currency,
        "close_date": (today + datetime.timedelta(days=rng.randint(-60, 180))).isoformat(),
        "owner": str(owner.pk),
    }
    if company:
        data["company"] = str(company.pk)
    if person:
        data["contacts"] = [{"contact": str(person.pk), "role": "decision_maker"}]
    deal = deals.create_deal(data, actor=org.admin)
    stages = list(pipeline.stages.order_by("position"))
    target = stages[n % len(stages)]
    if target.position == stages[0].position:
        return
    if target.probability >= 50 and target.forecast_category != "closed_lost":
        _quote(rng, org, deal, books[market.default_currency], products, target.probability)
    if target.forecast_category == "closed_won" and not _has_rates(market.default_currency):
        return  # a deal is won at its close day's rate: none is stored (a demo without rates)
    closed_on = None
    if target.forecast_category in ("closed_won", "closed_lost"):
        closed_on = today - datetime.timedelta(days=rng.randint(1, 80))
    reason = {"closed_won": "Best fit for the rollout", "closed_lost": "Chose a competitor"}
    deals.move_deal(
        deal,
        target,
        actor=org.admin,
        closed_on=closed_on,
        reason=reason.get(target.forecast_category),
    )


def _quote(
    rng: random.Random,
    org: Organisation,
    deal: Any,
    book: PriceBook,
    products: list[Product],
    probability: Decimal,
) -> None:
    """Line items from the market's price book, and a quote: a draft at the proposal, sent
    from the negotiation on (where a rate exists to lock)."""
    chosen = rng.sample(products, 2)
    lines = [
        {"product": str(chosen[0].pk), "quantity": rng.choice([10, 25, 50, 120])},
        {"product": str(chosen[1].pk), "quantity": 1, "discount_percent": rng.choice([0, 5, 10])},
    ]
    deals.update_deal(deal, {"price_book": str(book.pk), "lines": lines}, actor=org.admin)
    if not deal.contact_roles.exists():
        return
    try:
        quote = quotes.create_quote({"deal": str(deal.pk)}, actor=org.admin)
    except ValidationError:
        return  # a market whose tax needs a state or province the demo company lacks
    if probability > 50 and _has_rates(deal.currency) and quote_links.recipient_email(quote):
        quotes.send_quote(quote, actor=org.admin)


def _order_history(
    rng: random.Random,
    org: Organisation,
    markets: dict[str, Market],
    products: list[Product],
    today: datetime.date,
) -> None:
    """One to five orders per buyer over three years, at list prices, booked at the rate of
    their day (markets whose currency has no rates are left out)."""
    items: list[dict[str, Any]] = []
    for country, market in sorted(markets.items()):
        if not _has_rates(market.default_currency):
            continue
        buyers = Contact.objects.filter(country=country).order_by("pk")[:BUYERS_PER_MARKET]
        for person in buyers:
            for k in range(rng.randint(1, 5)):
                day = today - datetime.timedelta(days=rng.randint(1, HISTORY_DAYS))
                product = rng.choice(products)
                price = _in_currency(PRODUCTS[products.index(product)][2], market.default_currency)
                items.append(
                    {
                        "source": "demo-shop",
                        "external_id": f"{person.pk}-{k}",
                        "number": f"W{len(items) + 100001}",
                        "contact": str(person.pk),
                        "market": country,
                        "currency": market.default_currency,
                        "channel": rng.choice(CHANNELS),
                        "status": rng.choice(["paid", "fulfilled", "fulfilled"]),
                        "ordered_at": f"{day.isoformat()}T11:00:00+00:00",
                        "lines": [{"sku": product.sku, "quantity": "1", "unit_price": str(price)}],
                    }
                )
    for start in range(0, len(items), orders.MAX_BATCH):
        orders.ingest_orders(items[start : start + orders.MAX_BATCH], actor=org.admin)
