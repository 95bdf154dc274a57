"""Products and price books: the organisation's catalogue, the same in every region."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from orbis.audit.services import record
from orbis.customers import cleaning
from orbis.identity.access import require
from orbis.kernel.errors import ValidationError
from orbis.kernel.money import validate_currency
from orbis.localisation.models import Market

from ..models import PriceBook, PriceBookEntry, PricingModel, Product
from ..pricing import amount_of

MANAGE = "sales.manage_catalogue"
PRODUCT_FIELDS = ("sku", "name", "description", "pricing_model", "tax_category", "is_active")


def _clean_product(data: Any, product: Product | None) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    errors = cleaning.Collector()
    cleaning.refuse_unknown(data, set(PRODUCT_FIELDS), errors)
    out: dict[str, Any] = {}
    for name, limit in (("sku", 64), ("name", 200), ("description", 4000), ("tax_category", 20)):
        if name in data:
            out[name] = errors.run(name, partial(cleaning.text, data[name], name, limit))
    if product is None:
        for required in ("sku", "name"):
            if not out.get(required) and required not in errors.errors:
                errors.add(required, "Required.")
    sku = out.get("sku")
    others = Product.objects.exclude(pk=product.pk) if product else Product.objects.all()
    if sku and others.filter(sku=sku).exists():
        errors.add("sku", f"Another product has the SKU {sku!r}.")
    if "pricing_model" in data:
        if data["pricing_model"] not in PricingModel.values:
            errors.add("pricing_model", f"One of: {', '.join(PricingModel.values)}.")
        out["pricing_model"] = data["pricing_model"]
    if "is_active" in data:
        if not isinstance(data["is_active"], bool):
            errors.add("is_active", "Expected true or false.")
        out["is_active"] = bool(data["is_active"])
    errors.raise_if_any()
    return out


@transaction.atomic
def create_product(data: dict[str, Any], *, actor: Any) -> Product:
    require(actor, MANAGE)
    values = _clean_product(data, None)
    product = Product.objects.create(**values)
    record("sales.product_created", product, actor=actor, changes={"sku": product.sku})
    return product


@transaction.atomic
def update_product(product: Product | Any, data: dict[str, Any], *, actor: Any) -> Product:
    require(actor, MANAGE)
    product = Product.objects.select_for_update().get(pk=getattr(product, "pk", product))
    values = _clean_product(data, product)
    changes = {
        k: {"from": getattr(product, k), "to": v}
        for k, v in values.items()
        if getattr(product, k) != v
    }
    if changes:
        for name, value in values.items():
            setattr(product, name, value)
        product.save()
        record("sales.product_updated", product, actor=actor, changes=changes)
    return product


def _clean_tiers(book: PriceBook, tiers: Any, field: str) -> list[tuple[int, Any]]:
    if not isinstance(tiers, list) or not tiers:
        raise ValidationError({field: "Give at least one price."})
    out: list[tuple[int, Any]] = []
    errors: dict[str, str] = {}
    for i, tier in enumerate(tiers):
        if not isinstance(tier, dict):
            errors[f"{field}.{i}"] = "Expected an object with min_quantity and unit_price."
            continue
        currency = str(tier.get("currency") or book.currency).strip().upper()
        if currency != book.currency:
            errors[f"{field}.{i}.currency"] = (
                f"The price book {book.name!r} is in {book.currency}, not {currency}."
            )
            continue
        try:
            minimum = int(tier.get("min_quantity", 1))
        except (TypeError, ValueError):
            minimum = 0
        if minimum < 1:
            errors[f"{field}.{i}.min_quantity"] = "A whole number of at least 1."
        try:
            price = amount_of(tier.get("unit_price"), book.currency, f"{field}.{i}.unit_price")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.errors.items()})
            continue
        if price.amount < 0:
            errors[f"{field}.{i}.unit_price"] = "A price cannot be negative."
        out.append((minimum, price.amount))
    minimums = [m for m, _ in out]
    if len(set(minimums)) != len(minimums):
        errors.setdefault(field, "Two tiers start at the same quantity.")
    if out and 1 not in minimums:
        errors.setdefault(field, "The first tier must start at quantity 1.")
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def create_price_book(
    name: str,
    currency: str,
    *,
    actor: Any,
    market: Market | str | None = None,
    tax_inclusive: bool = False,
) -> PriceBook:
    require(actor, MANAGE)
    errors: dict[str, str] = {}
    name = cleaning.text(name, "name", 120)
    if not name:
        errors["name"] = "Name the price book."
    elif PriceBook.objects.filter(name=name).exists():
        errors["name"] = f"There is already a price book called {name!r}."
    try:
        code = validate_currency(currency)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.errors.items()})
        code = ""
    if isinstance(market, str):
        found = Market.objects.filter(country=market.strip().upper()).first()
        if found is None:
            errors["market"] = f"No market is set up for {market!r}."
        market = found
    if errors:
        raise ValidationError(errors)
    book = PriceBook.objects.create(
        name=name, currency=code, market=market, tax_inclusive=bool(tax_inclusive)
    )
    record(
        "sales.price_book_created",
        book,
        actor=actor,
        changes={"name": name, "currency": code, "tax_inclusive": book.tax_inclusive},
    )
    return book


@transaction.atomic
def set_prices(
    book: PriceBook | Any, product: Product | Any, tiers: list[dict[str, Any]], *, actor: Any
) -> list[PriceBookEntry]:
    """Replace `product`'s prices in `book` by `tiers` ([{min_quantity, unit_price}], the
    first from 1): a flat price is one tier."""
    require(actor, MANAGE)
    book = PriceBook.objects.select_for_update().get(pk=getattr(book, "pk", book))
    product = Product.objects.get(pk=getattr(product, "pk", product))
    cleaned = _clean_tiers(book, tiers, "tiers")
    PriceBookEntry.objects.filter(price_book=book, product=product).delete()
    entries = PriceBookEntry.objects.bulk_create(
        PriceBookEntry(price_book=book, product=product, min_quantity=m, unit_price=p)
        for m, p in sorted(cleaned)
    )
    record(
        "sales.prices_set",
        book,
        actor=actor,
        changes={"product": product.sku, "tiers": [[m, str(p)] for m, p in sorted(cleaned)]},
    )
    return entries
