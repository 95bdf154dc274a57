"""Deals: create, change, move through the stages, win and lose, set contacts and lines.

A deal lives in its market's region (scoping as for contacts). Moving into a closed won stage
locks the rate of the close date (sales.rates); reopening it clears the lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from orbis.audit.services import record
from orbis.customers import cleaning
from orbis.customers.models import Company, Contact
from orbis.identity.access import may, require_in
from orbis.identity.models import User
from orbis.kernel.errors import ValidationError
from orbis.kernel.events import publish
from orbis.kernel.ids import parse_uuid
from orbis.kernel.money import Money, validate_currency
from orbis.kernel.versions import check_version
from orbis.localisation.fx import as_date
from orbis.localisation.models import Market

from .. import events, pricing, rates
from ..models import (
    Deal,
    DealContact,
    DealLine,
    DealStatus,
    ForecastCategory,
    Pipeline,
    PriceBook,
    PriceBookEntry,
    Product,
    Stage,
    StageChange,
)
from ..models.deals import ContactRole
from ..querysets import access_deal

DEAL_FIELDS = frozenset(
    {
        "name",
        "pipeline",
        "stage",
        "amount",
        "currency",
        "close_date",
        "owner",
        "company",
        "market",
        "next_step",
        "close_reason",
        "contacts",
        "price_book",
        "lines",
    }
)
MAX_CONTACTS = 50
MAX_LINES = 200


# --- cleaning ----------------------------------------------------------------------------------


def _by_id(model: Any, value: Any, field: str, errors: cleaning.Collector) -> Any:
    row = model.objects.filter(pk=value).first() if parse_uuid(value) else None
    if row is None:
        errors.add(field, f"No such {field.replace('_', ' ')}.")
    return row


def _market(value: Any, errors: cleaning.Collector) -> Market | None:
    market = Market.objects.select_related("region").filter(country=str(value).upper()).first()
    if market is None:
        errors.add("market", f"No market is set up for {value!r}.")
    return market


def _owner(value: Any, errors: cleaning.Collector) -> User | None:
    if value in (None, ""):
        return None
    owner = User.objects.filter(pk=value, is_active=True).first() if parse_uuid(value) else None
    if owner is None:
        errors.add("owner", "No active user with this id.")
    return owner


def _visible_company(actor: Any, value: Any, errors: cleaning.Collector) -> Company | None:
    if value in (None, ""):
        return None
    company = (
        Company.objects.visible_to(actor).filter(pk=value).first() if parse_uuid(value) else None
    )
    if company is None:
        errors.add("company", "No such company.")
    return company


def _contacts(actor: Any, items: Any, errors: cleaning.Collector) -> list[tuple[Contact, str]]:
    if not isinstance(items, list) or len(items) > MAX_CONTACTS:
        errors.add("contacts", f"A list of at most {MAX_CONTACTS} {{contact, role}} objects.")
        return []
    ids = [parse_uuid(i.get("contact")) if isinstance(i, dict) else None for i in items]
    visible = Contact.objects.visible_to(actor).in_bulk([i for i in ids if i])
    out: list[tuple[Contact, str]] = []
    seen: set[Any] = set()
    for n, (item, pk) in enumerate(zip(items, ids, strict=True)):
        contact = visible.get(pk) if pk else None
        if contact is None:
            errors.add(f"contacts.{n}.contact", "No such contact.")
            continue
        role = item.get("role") or ContactRole.OTHER
        if role not in ContactRole.values:
            errors.add(f"contacts.{n}.role", f"One of: {', '.join(ContactRole.values)}.")
            continue
        if pk in seen:
            errors.add(f"contacts.{n}.contact", "This contact is listed twice.")
            continue
        seen.add(pk)
        out.append((contact, role))
    return out


def _clean(actor: Any, data: Any, deal: Deal | None) -> dict[str, Any]:
    """Validate `data` (all of a new deal, some fields of an existing one) into values."""
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    errors = cleaning.Collector()
    cleaning.refuse_unknown(data, DEAL_FIELDS, errors)
    out: dict[str, Any] = {}
    for name, limit in (("name", 200), ("next_step", 255), ("close_reason", 255)):
        if name in data:
            out[name] = errors.run(name, partial(cleaning.text, data[name], name, limit)) or ""
    if deal is None and not out.get("name") and "name" not in errors.errors:
        errors.add("name", "Name the deal.")
    if "market" in data or deal is None:
        out["market"] = _market(data.get("market", ""), errors)
    if "pipeline" in data or deal is None:
        out["pipeline"] = _by_id(Pipeline, data.get("pipeline"), "pipeline", errors)
    if "stage" in data:
        out["stage"] = _by_id(Stage, data.get("stage"), "stage", errors)
    if "currency" in data or deal is None:
        market = out.get("market")
        default = market.default_currency if market else "EUR"
        out["currency"] = errors.run(
            "currency", partial(validate_currency, data.get("currency") or default)
        )
    currency = out.get("currency") or (deal.currency if deal else None)
    if "amount" in data and currency:
        out["amount"] = errors.run(
            "amount", partial(pricing.amount_of, data["amount"], currency, "amount")
        )
        if out["amount"] is not None and out["amount"].amount < 0:
            errors.add("amount", "An amount cannot be negative.")
    elif deal is None and "lines" not in data:
        out["amount"] = Money.zero(currency) if currency else None
    if "close_date" in data or deal is None:
        if data.get("close_date") in (None, ""):
            errors.add("close_date", "When is the deal expected to close?")
        else:
            out["close_date"] = errors.run(
                "close_date", partial(as_date, data["close_date"], "close_date")
            )
    if "owner" in data:
        out["owner"] = _owner(data["owner"], errors)
    elif deal is None and isinstance(actor, User):
        out["owner"] = actor
    if "company" in data:
        out["company"] = _visible_company(actor, data["company"], errors)
    if "contacts" in data:
        out["contacts"] = _contacts(actor, data["contacts"], errors)
    if "price_book" in data:
        out["price_book"] = (
            _by_id(PriceBook, data["price_book"], "price_book", errors)
            if data["price_book"]
            else None
        )
    errors.raise_if_any()
    _check_consistency(actor, out, deal, errors)
    errors.raise_if_any()
    return out


def _check_consistency(
    actor: Any, out: dict[str, Any], deal: Deal | None, errors: cleaning.Collector
) -> None:
    """What no single field shows: the stage of the pipeline, the pipeline of the market,
    the price book's currency, the owner's regions, the actor's right in the region."""
    pipeline = out.get("pipeline") or (deal.pipeline if deal else None)
    market = out.get("market") or (deal.market if deal else None)
    currency = out.get("currency") or (deal.currency if deal else None)
    if pipeline is not None and not pipeline.is_active and "pipeline" in out:
        errors.add("pipeline", f"The pipeline {pipeline.name!r} is no longer in use.")
    stage = out.get("stage")
    if stage is None and pipeline is not None and (deal is None or "pipeline" in out):
        if deal is not None and pipeline.pk != deal.pipeline_id:
            errors.add("stage", "Moving a deal to another pipeline needs a stage of it.")
        else:
            out["stage"] = stage = pipeline.stages.order_by("position").first()
    if stage is not None and pipeline is not None and stage.pipeline_id != pipeline.pk:
        errors.add("stage", f"This stage belongs to another pipeline than {pipeline.name!r}.")
    if pipeline is not None and market is not None and pipeline.market_id not in (None, market.pk):
        errors.add(
            "pipeline", f"The pipeline {pipeline.name!r} is for another market than {market}."
        )
    book = out.get("price_book", deal.price_book if deal else None)
    if book is not None and currency and book.currency != currency:
        errors.add(
            "price_book", f"The price book {book.name!r} is in {book.currency}, not {currency}."
        )
    if book is not None and market is not None and book.market_id not in (None, market.pk):
        errors.add("price_book", f"The price book {book.name!r} is for another market.")
    changes_currency = deal is not None and out.get("currency", deal.currency) != deal.currency
    if changes_currency and deal is not None and deal.lines.exists():
        errors.add("currency", "Remove the lines before changing the deal's currency.")
    if market is not None:
        permission = "sales.add" if deal is None else "sales.change"
        if (deal is None or "market" in out) and not may(actor, permission, market.region_id):
            errors.add("market", f"You may not put deals in the {market.region.name} region.")
        owner = out.get("owner", deal.owner if deal else None)
        if owner is not None and not may(owner, "sales.view", market.region_id):
            errors.add(
                "owner",
                f"{owner.get_username()} cannot see deals in the {market.region.name} region.",
            )


# --- writing -----------------------------------------------------------------------------------


def _apply(deal: Deal, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `deal`; what changed, for the audit trail (values are no personal data
    except names of people, which the trail names by id)."""
    changes: dict[str, Any] = {}
    simple = ("name", "close_date", "next_step", "close_reason", "currency")
    for name in simple:
        if name in values and getattr(deal, name) != values[name]:
            changes[name] = {"from": str(getattr(deal, name) or ""), "to": str(values[name])}
            setattr(deal, name, values[name])
    if "amount" in values and values["amount"] is not None:
        money = values["amount"]
        if deal.amount is None or deal.amount != money.amount:
            changes["amount"] = {"from": str(deal.amount or ""), "to": str(money.amount)}
            deal.amount = money.amount
    for name in ("owner", "company", "market", "pipeline", "price_book"):
        if name in values:
            new = values[name]
            old_id = getattr(deal, f"{name}_id")
            if (new.pk if new else None) != old_id:
                changes[name] = {"from": str(old_id or ""), "to": str(new.pk if new else "")}
                setattr(deal, name, new)
    if "market" in values and values["market"] is not None:
        deal.region_id = values["market"].region_id
    deal.sort_name = (deal.name or "").casefold()[:200]
    return changes


def _write_contacts(deal: Deal, contacts: list[tuple[Contact, str]]) -> dict[str, Any]:
    before = dict(deal.contact_roles.values_list("contact_id", "role"))
    after = {c.pk: role for c, role in contacts}
    if before == after:
        return {}
    deal.contact_roles.all().delete()
    DealContact.objects.bulk_create(
        DealContact(deal=deal, contact=c, role=role) for c, role in contacts
    )
    return {"contacts": {str(pk): role for pk, role in after.items()}}


def _enter_stage(
    deal: Deal,
    stage: Stage,
    actor: Any,
    now: datetime.datetime,
    closed_on: datetime.date | None = None,
    *,
    first: bool = False,
) -> dict[str, Any]:
    """Put `deal` into `stage` (its `first` stage on creation): history row, status, close
    date, and the rate lock."""
    previous = None if first else deal.stage
    deal.stage = stage
    deal.stage_entered_at = now
    category = stage.forecast_category
    if category == ForecastCategory.CLOSED_WON:
        deal.status = DealStatus.WON
    elif category == ForecastCategory.CLOSED_LOST:
        deal.status = DealStatus.LOST
    else:
        deal.status = DealStatus.OPEN
    if deal.status == DealStatus.OPEN:
        deal.closed_on = None
        rates.clear_rate(deal)
    else:
        deal.closed_on = closed_on or deal.closed_on or timezone.localdate()
        if deal.status == DealStatus.WON:
            rates.lock_rate(deal, deal.value, deal.closed_on)
        else:
            rates.clear_rate(deal)
    StageChange.objects.create(
        deal=deal,
        from_stage=previous,
        to_stage=stage,
        changed_at=now,
        actor_label=_label(actor),
    )
    return {
        "stage": {"from": str(previous.pk) if previous else "", "to": str(stage.pk)},
        "status": deal.status,
    }


def _label(actor: Any) -> str:
    return str(actor.get_username())[:150]


def _announce(deal: Deal, from_stage: Any, actor: Any) -> None:
    if from_stage is None or from_stage.pk == deal.stage_id:
        return
    publish(
        events.DealStageChanged(
            deal_id=str(deal.pk), from_stage_id=str(from_stage.pk), to_stage_id=str(deal.stage_id)
        )
    )
    if deal.status == DealStatus.WON:
        publish(events.DealWon(deal_id=str(deal.pk)))
    elif deal.status == DealStatus.LOST:
        publish(events.DealLost(deal_id=str(deal.pk)))


@transaction.atomic
def create_deal(data: dict[str, Any], *, actor: Any) -> Deal:
    """A deal in a market's region (the actor needs sales.add there), in its first stage
    unless a stage is named; lines, when given, make its amount."""
    values = _clean(actor, data, None)
    market = values["market"]
    require_in(actor, "sales.add", market.region_id, "deal")
    deal = Deal(amount=Decimal(0))
    _apply(deal, values)
    now = timezone.now()
    stage = values["stage"]
    deal.stage, deal.stage_entered_at = stage, now
    deal.save()
    lines = data.get("lines")
    if lines is not None:
        _write_lines(deal, lines)
    closed_on = deal.close_date if stage.is_closed else None
    _enter_stage(deal, stage, actor, now, closed_on=closed_on, first=True)
    deal.save()
    if "contacts" in values:
        _write_contacts(deal, values["contacts"])
    record(
        "sales.deal_created",
        deal,
        actor=actor,
        region=deal.region.code,
        changes={
            "name": deal.name,
            "amount": str(deal.amount),
            "currency": deal.currency,
            "stage": stage.name,
        },
    )
    publish(events.DealCreated(deal_id=str(deal.pk)))
    return deal


@transaction.atomic
def update_deal(
    deal: Deal | Any, data: dict[str, Any], *, actor: Any, version: str | None = None
) -> Deal:
    """Change some of a deal's fields (a stage too: that is a move). `version` (an ETag)
    refuses a write made against a stale copy."""
    deal = access_deal(actor, _pk(deal), action="change", for_update=True)
    check_version(deal, version)
    values = _clean(actor, data, deal)
    before_stage = deal.stage
    changes = _apply(deal, values)
    if "lines" in data:
        changes.update(_write_lines(deal, data["lines"]))
    stage = values.get("stage")
    if stage is not None and stage.pk != before_stage.pk:
        changes.update(_enter_stage(deal, stage, actor, timezone.now()))
    elif deal.status == DealStatus.WON and ("amount" in changes or "currency" in changes):
        rates.lock_rate(deal, deal.value, deal.closed_on or timezone.localdate())
    if "contacts" in values:
        changes.update(_write_contacts(deal, values["contacts"]))
    if changes:
        deal.save()
        record("sales.deal_updated", deal, actor=actor, region=deal.region.code, changes=changes)
        publish(events.DealUpdated(deal_id=str(deal.pk), changed_fields=tuple(sorted(changes))))
        _announce(deal, before_stage, actor)
    return deal


@transaction.atomic
def move_deal(
    deal: Deal | Any,
    stage: Stage | Any,
    *,
    actor: Any,
    version: str | None = None,
    reason: str | None = None,
    closed_on: datetime.date | str | None = None,
) -> Deal:
    """Move a deal into another stage of its pipeline (the board's drag and drop). Into a
    closed won stage it is won on `closed_on` (today) at that day's rate."""
    deal = access_deal(actor, _pk(deal), action="change", for_update=True)
    check_version(deal, version)
    target = Stage.objects.filter(pk=_pk(stage)).first() if parse_uuid(_pk(stage)) else None
    if target is None:
        raise ValidationError({"stage": "No such stage."})
    if target.pipeline_id != deal.pipeline_id:
        raise ValidationError({"stage": "This stage belongs to another pipeline than the deal's."})
    day = as_date(closed_on, "closed_on") if closed_on else None
    if day is not None and day > timezone.localdate():
        raise ValidationError({"closed_on": "A deal cannot close in the future."})
    if target.pk == deal.stage_id and day is None:
        return deal
    before = deal.stage
    changes = _enter_stage(deal, target, actor, timezone.now(), closed_on=day)
    if reason is not None:
        deal.close_reason = cleaning.text(reason, "reason", 255)
        changes["close_reason"] = deal.close_reason
    deal.save()
    action = {
        DealStatus.WON: "sales.deal_won",
        DealStatus.LOST: "sales.deal_lost",
    }.get(DealStatus(deal.status), "sales.deal_moved")
    if deal.status == DealStatus.WON:
        changes["rate"] = {
            "rate": str(deal.fx_rate),
            "date": str(deal.fx_date),
            "source": deal.fx_source,
            "reporting_amount": f"{deal.reporting_amount} {deal.reporting_currency}",
        }
    record(action, deal, actor=actor, region=deal.region.code, changes=changes)
    _announce(deal, before, actor)
    return deal


# --- lines -------------------------------------------------------------------------------------


def _write_lines(deal: Deal, lines: Any) -> dict[str, Any]:
    """Replace the deal's lines, priced from its price book; the deal's amount becomes their
    total (in the deal's currency: the book's, by construction)."""
    if not isinstance(lines, list) or len(lines) > MAX_LINES:
        raise ValidationError({"lines": f"A list of at most {MAX_LINES} lines."})
    if lines and deal.price_book is None:
        raise ValidationError({"price_book": "Choose a price book before adding lines."})
    priced = _price_lines(deal, lines) if lines else []
    deal.lines.all().delete()
    DealLine.objects.bulk_create(priced)
    total = Money.zero(deal.currency)
    for line in priced:
        total = total + Money(line.total, deal.currency)
    changed: dict[str, Any] = {"lines": len(priced)}
    if lines or deal.amount is None:
        deal.amount = total.amount
        changed["amount"] = str(total.amount)
    return changed


def _price_lines(deal: Deal, lines: Sequence[Any]) -> list[DealLine]:
    book = deal.price_book
    assert book is not None
    ids = [parse_uuid(line.get("product")) if isinstance(line, dict) else None for line in lines]
    products = Product.objects.in_bulk([i for i in ids if i])
    tiers: dict[Any, list[pricing.Tier]] = {}
    for entry in PriceBookEntry.objects.filter(price_book=book, product_id__in=products):
        tiers.setdefault(entry.product_id, []).append(
            pricing.Tier(entry.min_quantity, entry.unit_price)
        )
    errors = cleaning.Collector()
    out: list[DealLine] = []
    for n, (line, pk) in enumerate(zip(lines, ids, strict=True)):
        product = products.get(pk) if pk else None
        if product is None:
            errors.add(f"lines.{n}.product", "No such product.")
            continue
        if not product.is_active:
            errors.add(f"lines.{n}.product", f"{product.name} is no longer sold (inactive).")
            continue
        if product.pk not in tiers:
            errors.add(
                f"lines.{n}.product",
                f"The price book {book.name!r} has no price for {product.name}.",
            )
            continue
        currency = str(line.get("currency") or deal.currency).upper()
        if currency != book.currency:
            errors.add(
                f"lines.{n}.currency",
                f"The price book {book.name!r} carries {book.currency} prices, not {currency}.",
            )
            continue
        try:
            priced = pricing.price(
                tiers[product.pk],
                product.pricing_model,
                line.get("quantity", 1),
                book.currency,
                discount_percent=line.get("discount_percent", 0),
                discount_amount=line.get("discount_amount", 0),
            )
        except ValidationError as error:
            for field, messages in error.errors.items():
                for message in messages:
                    errors.add(f"lines.{n}.{field}", message)
            continue
        out.append(
            DealLine(
                deal=deal,
                product=product,
                position=n,
                description=str(line.get("description") or product.name)[:255],
                quantity=pricing.decimal_of(line.get("quantity", 1), "quantity", places=3),
                unit_price=priced.unit_price.amount,
                discount_percent=priced.discount_percent,
                discount_amount=priced.discount.amount,
                total=priced.total.amount,
            )
        )
    errors.raise_if_any()
    return out


@transaction.atomic
def set_deal_lines(
    deal: Deal | Any, lines: list[dict[str, Any]], *, actor: Any, version: str | None = None
) -> Deal:
    """Replace a deal's lines ([{product, quantity, discount_percent | discount_amount}])."""
    return update_deal(deal, {"lines": lines}, actor=actor, version=version)


def _pk(target: Any) -> Any:
    return getattr(target, "pk", target)
