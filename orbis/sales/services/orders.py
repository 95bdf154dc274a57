"""Orders: booked one by one (an accepted quote, the UI) or a thousand at a time from shops
and ERPs, idempotent by (source, external_id).

The same external id sent again with the same content changes nothing; with other content it
is an update of that order, audited on its own, never a second order. A batch is checked
whole before anything is written: one bad order names its field (`orders.7.currency`) and
nothing of the batch is stored, so a corrected resend is safe.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from orbis.audit.services import record
from orbis.customers.models import Company, Contact
from orbis.identity.access import grants_for
from orbis.kernel.bulk import Table
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.events import publish
from orbis.kernel.ids import parse_uuid
from orbis.kernel.money import Money, known_currencies, minor_units
from orbis.localisation.fx_table import RateTable
from orbis.localisation.models import Market

from .. import events, rates
from ..models import Order, OrderChannel, OrderLine, OrderStatus, Product

MAX_BATCH = 1000
MAX_LINES = 500
PERMISSION = "sales.manage_orders"
ORDER_FIELDS = frozenset(
    {
        "source",
        "external_id",
        "number",
        "contact",
        "company",
        "market",
        "channel",
        "status",
        "currency",
        "ordered_at",
        "lines",
        "tax_total",
        "refunded_total",
    }
)
LINE_FIELDS = frozenset(
    {"sku", "description", "quantity", "unit_price", "discount", "refunded_quantity"}
)

ORDER_COLUMNS = [
    "id",
    "source",
    "external_id",
    "number",
    "contact",
    "company",
    "market",
    "region",
    "channel",
    "status",
    "currency",
    "ordered_at",
    "booked_on",
    "net_total",
    "tax_total",
    "gross_total",
    "refunded_total",
    "content_hash",
    *rates.SNAPSHOT_FIELDS,
]
LINE_COLUMNS = [
    "id",
    "order",
    "product",
    "sku",
    "description",
    "quantity",
    "unit_price",
    "discount_amount",
    "total",
    "refunded_quantity",
]


@dataclass
class IngestResult:
    """What a batch did: ids of orders created, updated (content changed) and left as they were."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class _Clean:
    """One validated order, ready to write."""

    values: dict[str, Any]
    lines: list[dict[str, Any]]
    amount: Money


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _decimal(value: Any, name: str, places: int, errors: _Errors) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except Exception:  # InvalidOperation, and anything str() of a dict makes
        errors.add(name, f"Not a number: {value!r}.")
        return None
    if not number.is_finite():
        errors.add(name, "A finite number.")
        return None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        errors.add(name, f"At most {places} decimal places.")
        return None
    if number.adjusted() >= 15:
        errors.add(name, "Too large.")
        return None
    return number


def _text(item: dict[str, Any], name: str, limit: int, errors: _Errors, prefix: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        errors.add(prefix + name, "Expected text.")
        return ""
    text = str(value).strip()
    if len(text) > limit:
        errors.add(prefix + name, f"At most {limit} characters.")
    elif any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        errors.add(prefix + name, "Control characters are not allowed.")
    return text


def _content_hash(item: dict[str, Any]) -> str:
    """A fingerprint of an order as sent, independent of key order."""
    canonical = json.dumps(item, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class _Context:
    """What validating a batch looks up once: markets, products, visible contacts and
    companies, the regions the actor may record orders in."""

    def __init__(self, actor: Any, items: Sequence[dict[str, Any]]) -> None:
        self.markets = {m.country: m for m in Market.objects.all()}
        skus = {
            str(line.get("sku"))
            for item in items
            for line in (item.get("lines") or [])
            if isinstance(line, dict) and line.get("sku")
        }
        self.products = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
        contact_ids = {parse_uuid(i.get("contact")) for i in items if i.get("contact")}
        company_ids = {parse_uuid(i.get("company")) for i in items if i.get("company")}
        self.contacts = set(
            Contact.objects.visible_to(actor)
            .filter(pk__in=[c for c in contact_ids if c])
            .values_list("pk", flat=True)
        )
        self.companies = set(
            Company.objects.visible_to(actor)
            .filter(pk__in=[c for c in company_ids if c])
            .values_list("pk", flat=True)
        )
        self.regions = grants_for(actor).region_ids(PERMISSION)


def _clean(item: Any, prefix: str, ctx: _Context, source: str | None, errors: _Errors) -> Any:
    if not isinstance(item, dict):
        errors.add(prefix.rstrip("."), "Expected an order object.")
        return None
    for name in sorted(set(item) - ORDER_FIELDS):
        errors.add(prefix + name, "Unknown field.")
    values: dict[str, Any] = {}
    values["source"] = _text(item, "source", 60, errors, prefix) or (source or "")
    values["external_id"] = _text(item, "external_id", 120, errors, prefix)
    values["number"] = _text(item, "number", 60, errors, prefix)
    for required in ("source", "external_id"):
        if not values[required]:
            errors.add(prefix + required, "Required.")
    market = ctx.markets.get(str(item.get("market") or "").upper())
    if market is None:
        errors.add(prefix + "market", f"No market is set up for {item.get('market')!r}.")
        return None
    if ctx.regions is not None and market.region_id not in ctx.regions:
        errors.add(prefix + "market", "You may not record orders in this market's region.")
    values["market"], values["region"] = market.pk, market.region_id
    currency = str(item.get("currency") or market.default_currency).upper()
    if currency not in known_currencies():
        errors.add(prefix + "currency", f"Unknown ISO 4217 currency code: {currency!r}.")
        return None
    values["currency"] = currency
    channel = item.get("channel") or OrderChannel.ONLINE
    if channel not in OrderChannel.values:
        errors.add(prefix + "channel", f"One of: {', '.join(OrderChannel.values)}.")
    status = item.get("status") or OrderStatus.PLACED
    if status not in OrderStatus.values:
        errors.add(prefix + "status", f"One of: {', '.join(OrderStatus.values)}.")
    values["channel"], values["status"] = channel, status
    ordered_at = item.get("ordered_at")
    try:
        parsed = parse_datetime(ordered_at) if isinstance(ordered_at, str) else ordered_at
    except ValueError:  # well formed but no such moment (month 13)
        parsed = None
    if not isinstance(parsed, datetime.datetime):
        errors.add(prefix + "ordered_at", "A date and time, ISO 8601 with its offset.")
        return None
    if timezone.is_naive(parsed):
        errors.add(prefix + "ordered_at", "Give the time's UTC offset (…+02:00 or …Z).")
        return None
    if parsed > timezone.now() + datetime.timedelta(days=1):
        errors.add(prefix + "ordered_at", "An order cannot be placed in the future.")
    # The booking date is the order's day where it was placed (its own offset); the moment is
    # kept in UTC (PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows).
    values["booked_on"] = parsed.date()
    try:
        values["ordered_at"] = parsed.astimezone(datetime.UTC)
    except OverflowError:
        errors.add(prefix + "ordered_at", "Out of the range of dates and times.")
        return None
    for name, model in (("contact", ctx.contacts), ("company", ctx.companies)):
        raw = item.get(name)
        pk = parse_uuid(raw) if raw else None
        if raw and pk not in model:
            errors.add(prefix + name, f"No such {name}.")
        values[name] = pk
    places = minor_units(currency)
    lines_in = item.get("lines")
    if not isinstance(lines_in, list) or not lines_in or len(lines_in) > MAX_LINES:
        errors.add(prefix + "lines", f"Between 1 and {MAX_LINES} lines.")
        return None
    net = Decimal(0)
    lines: list[dict[str, Any]] = []
    for n, line in enumerate(lines_in):
        at = f"{prefix}lines.{n}."
        if not isinstance(line, dict):
            errors.add(at.rstrip("."), "Expected a line object.")
            continue
        for name in sorted(set(line) - LINE_FIELDS):
            errors.add(at + name, "Unknown field.")
        quantity = _decimal(line.get("quantity", 1), at + "quantity", 3, errors)
        unit = _decimal(line.get("unit_price"), at + "unit_price", places, errors)
        refunded = _decimal(line.get("refunded_quantity", 0), at + "refunded_quantity", 3, errors)
        discount = _decimal(line.get("discount", 0), at + "discount", places, errors)
        if quantity is None or unit is None or refunded is None or discount is None:
            continue
        if quantity <= 0:
            errors.add(at + "quantity", "A quantity above zero.")
        if not 0 <= refunded <= quantity:
            errors.add(at + "refunded_quantity", "Between 0 and the quantity.")
        before_discount = Money(quantity * unit, currency).amount
        if not 0 <= discount <= before_discount:
            errors.add(at + "discount", "Between 0 and the line's quantity times its unit price.")
        total = before_discount - discount
        sku = _text(line, "sku", 64, errors, at)
        lines.append(
            {
                "sku": sku,
                "product": ctx.products.get(sku),
                "description": _text(line, "description", 255, errors, at),
                "quantity": quantity,
                "unit_price": unit,
                "discount_amount": discount,
                "total": total,
                "refunded_quantity": refunded,
            }
        )
        net += total
    tax = _decimal(item.get("tax_total", 0), prefix + "tax_total", places, errors)
    refunded_total = _decimal(
        item.get("refunded_total", 0), prefix + "refunded_total", places, errors
    )
    if tax is None or refunded_total is None:
        return None
    gross = net + tax
    if not 0 <= refunded_total <= gross:
        errors.add(prefix + "refunded_total", "Between 0 and the order's gross total.")
    values.update(net_total=net, tax_total=tax, gross_total=gross, refunded_total=refunded_total)
    values["content_hash"] = _content_hash({**item, "source": values["source"]})
    # Revenue is net of tax and of refunds (a refund's tax share is the order's).
    refunded_net = refunded_total * net / gross if gross else Decimal(0)
    return _Clean(values, lines, Money(net - refunded_net, currency))


@transaction.atomic
def ingest_orders(
    items: Sequence[dict[str, Any]], *, actor: Any, source: str | None = None
) -> IngestResult:
    """Create or update up to MAX_BATCH orders, each found by (source, external_id); all are
    validated first and none is written when one is wrong."""
    if not isinstance(items, list | tuple) or len(items) > MAX_BATCH:
        raise ValidationError({"orders": f"A list of at most {MAX_BATCH} orders."})
    regions = grants_for(actor).region_ids(PERMISSION)
    if regions is not None and not regions:
        raise PermissionDenied("You may not record orders.")
    ctx = _Context(actor, items)
    errors = _Errors()
    cleaned: list[_Clean] = []
    seen: dict[tuple[str, str], int] = {}
    for n, item in enumerate(items):
        one = _clean(item, f"orders.{n}.", ctx, source, errors)
        if one is None:
            continue
        key = (one.values["source"], one.values["external_id"])
        if key in seen:
            errors.add(f"orders.{n}.external_id", f"Also sent as order {seen[key]} of this batch.")
        seen[key] = n
        cleaned.append(one)
    if errors.errors:
        raise ValidationError(errors.errors)
    return _write(cleaned, actor)


def _lock_rates(cleaned: list[_Clean]) -> None:
    if not cleaned:
        return
    days = [c.values["booked_on"] for c in cleaned]
    currencies = {c.values["currency"] for c in cleaned} | {rates.reporting_currency()}
    table = RateTable(currencies, min(days), max(days))
    target = rates.reporting_currency()
    for one in cleaned:
        conversion = table.convert(one.amount, target, one.values["booked_on"])
        one.values.update(rates.snapshot_fields(conversion))


def _write(cleaned: list[_Clean], actor: Any) -> IngestResult:
    result = IngestResult()
    keys = [(c.values["source"], c.values["external_id"]) for c in cleaned]
    existing: dict[tuple[str, str], tuple[Any, str, Any]] = {}
    by_source: dict[str, list[str]] = {}
    for source, external in keys:
        by_source.setdefault(source, []).append(external)
    for source, externals in by_source.items():
        for pk, external, digest, region in Order.objects.filter(
            source=source, external_id__in=externals
        ).values_list("pk", "external_id", "content_hash", "region_id"):
            existing[(source, external)] = (pk, digest, region)
    fresh: list[_Clean] = []
    changed: list[tuple[Any, _Clean]] = []
    for one, key in zip(cleaned, keys, strict=True):
        found = existing.get(key)
        if found is None:
            fresh.append(one)
        elif found[1] == one.values["content_hash"]:
            result.unchanged.append(str(found[0]))
        else:
            regions = grants_for(actor).region_ids(PERMISSION)
            if regions is not None and found[2] not in regions:
                raise ValidationError(
                    {"external_id": f"Order {key[1]} exists in a region you may not change."}
                )
            changed.append((found[0], one))
    _lock_rates(fresh + [c for _, c in changed])
    if fresh:
        _insert(fresh, result)
        record(
            "sales.orders_created",
            None,
            actor=actor,
            changes={"count": len(fresh), "ids": result.created},
        )
    for pk, one in changed:
        _update(pk, one, actor)
        result.updated.append(str(pk))
    if result.created or result.updated:
        publish(
            events.OrdersBooked(
                created_ids=tuple(result.created), updated_ids=tuple(result.updated)
            )
        )
    return result


def _insert(fresh: list[_Clean], result: IngestResult) -> None:
    order_rows: list[list[Any]] = []
    line_rows: list[list[Any]] = []
    for one in fresh:
        pk = uuid.uuid4()
        result.created.append(str(pk))
        order_rows.append([pk, *(one.values[c] for c in ORDER_COLUMNS[1:])])
        for line in one.lines:
            line_rows.append([uuid.uuid4(), pk, *(line[c] for c in LINE_COLUMNS[2:])])
    Table(Order, ORDER_COLUMNS).insert(order_rows)
    Table(OrderLine, LINE_COLUMNS).insert(line_rows)


def _update(pk: Any, one: _Clean, actor: Any) -> None:
    order = Order.objects.select_for_update().get(pk=pk)
    before = {c: getattr(order, _attr(c)) for c in ORDER_COLUMNS[1:]}
    for column in ORDER_COLUMNS[1:]:
        setattr(order, _attr(column), one.values[column])
    order.save()
    order.lines.all().delete()
    OrderLine.objects.bulk_create(
        OrderLine(order=order, **{_attr(c): line[c] for c in LINE_COLUMNS[2:]})
        for line in one.lines
    )
    changes = {
        c: {"from": str(before[c]), "to": str(one.values[c])}
        for c in ORDER_COLUMNS[1:]
        if str(before[c]) != str(one.values[c]) and c != "content_hash"
    }
    record("sales.order_updated", order, actor=actor, region=order.region.code, changes=changes)


def _attr(column: str) -> str:
    """The model attribute holding a column's raw value (a foreign key's id)."""
    return (
        f"{column}_id"
        if column in {"contact", "company", "market", "region", "product"}
        else column
    )


def book_order(item: dict[str, Any], *, actor: Any) -> Order:
    """One order (the UI, the single-order API, an accepted quote): the batch of one."""
    result = ingest_orders([item], actor=actor)
    pk = (result.created or result.updated or result.unchanged)[0]
    return Order.objects.get(pk=pk)
