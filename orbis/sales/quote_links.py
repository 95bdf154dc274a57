"""The customer's side of a quote: its signed link, the day in its market, its recipient.

The link names the quote and nothing else and does not expire: the quote's own validity
decides whether it may still be accepted (services.quotes).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from orbis.customers.models import ContactPoint
from orbis.kernel.errors import NotFound
from orbis.kernel.ids import parse_uuid
from orbis.localisation.models import Market

from .models import Quote

LINK_SALT = "orbis.sales.quote-link"


def market_today(market: Market) -> datetime.date:
    """Today where the quote is made: a quote valid until the 31st is valid all that day
    in its market."""
    return timezone.now().astimezone(ZoneInfo(market.time_zone or "UTC")).date()


def link_token(quote: Quote) -> str:
    return signing.dumps({"q": str(quote.pk)}, salt=LINK_SALT, compress=True)


def public_link(quote: Quote) -> str:
    """The customer's link to read, accept or decline the quote (no login)."""
    path = reverse("sales_public:quote", args=[link_token(quote)])
    return getattr(settings, "ORBIS_PUBLIC_URL", "").rstrip("/") + path


def quote_for_token(token: str) -> Quote:
    """The quote a link names; NotFound for a forged one (the page says nothing more). The
    link itself does not expire: the quote's own validity decides what it may still do."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        raise NotFound("No such quote.") from None
    pk = parse_uuid(data.get("q")) if isinstance(data, dict) else None
    if pk is None:
        raise NotFound("No such quote.")
    found = (
        Quote.objects.select_related("market", "region", "deal", "contact", "order")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("No such quote.")
    return found


def recipient_email(quote: Quote) -> str:
    if quote.contact is None:
        return ""
    point = (
        ContactPoint.objects.filter(contact=quote.contact, kind=ContactPoint.Kind.EMAIL)
        .order_by("-is_primary", "position")
        .first()
    )
    return point.value if point else ""
