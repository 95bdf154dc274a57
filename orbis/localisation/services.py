"""Writers of regions and markets."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from orbis.audit.context import Actor, current_actor
from orbis.audit.services import record
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.kernel.money import validate_currency

from .addresses import normalise_address
from .countries import validate_country, validate_language, validate_time_zone
from .fx import EUR, MANAGE_RATES, as_date, ecb_currencies
from .markets import ISO_WEEKDAYS, has_holiday_calendar, holiday_subdivisions, market_defaults
from .models import ExchangeRate, Market, Region

# What update_market may change; the country is the market's identity and never changes.
MARKET_FIELDS = (
    "region",
    "default_currency",
    "default_language",
    "languages",
    "time_zone",
    "time_zones",
    "working_days",
    "business_hours_start",
    "business_hours_end",
    "holiday_subdivision",
    "formal_address",
    "legal_entity_name",
    "legal_entity_address",
)


# Localisation sits below identity, so permissions are asked through user.has_perm, which
# identity.backends.RolePermissionBackend answers from Orbis roles (a SystemActor holds all).
MANAGE_MARKETS = "localisation.manage_markets"


def _require(actor: Any, code: str) -> None:
    if actor is None or not actor.has_perm(code):
        raise PermissionDenied(f"You need the '{code}' permission for this.")


@transaction.atomic
def create_region(code: str, name: str, *, actor: Any) -> Region:
    _require(actor, MANAGE_MARKETS)
    if Region.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A region with code {code!r} exists already."})
    region = Region.objects.create(code=code, name=name)
    record(
        "localisation.region_created",
        region,
        actor=actor,
        changes={"code": code, "name": name},
    )
    return region


@transaction.atomic
def create_market(
    country: str,
    region: Region,
    currency: str | None = None,
    language: str | None = None,
    time_zone: str | None = None,
    *,
    languages: list[str] | None = None,
    time_zones: list[str] | None = None,
    working_days: Iterable[int] | None = None,
    business_hours_start: datetime.time | None = None,
    business_hours_end: datetime.time | None = None,
    holiday_subdivision: str = "",
    formal_address: bool = True,
    legal_entity_name: str = "",
    legal_entity_address: dict[str, Any] | None = None,
    actor: Any,
) -> Market:
    """A new market; whatever is not given is the libraries' default for the country."""
    _require(actor, MANAGE_MARKETS)
    code = validate_country(country)
    if Market.objects.filter(country=code).exists():
        raise ValidationError(
            {"country": _("%(country)s is a market already.") % {"country": code}}
        )
    defaults = market_defaults(code)
    chosen_languages = languages if languages is not None else defaults.languages
    values = {
        "region": region,
        "default_currency": currency or defaults.currency,
        "default_language": language or (chosen_languages[:1] or ["en"])[0],
        "languages": chosen_languages,
        "time_zone": time_zone or defaults.time_zone or "",
        "time_zones": time_zones if time_zones is not None else defaults.time_zones,
        "working_days": working_days if working_days is not None else defaults.working_days,
        "business_hours_start": business_hours_start or defaults.business_hours_start,
        "business_hours_end": business_hours_end or defaults.business_hours_end,
        "holiday_subdivision": holiday_subdivision,
        "formal_address": formal_address,
        "legal_entity_name": legal_entity_name,
        "legal_entity_address": legal_entity_address or {},
    }
    market = Market(country=code, **clean_market_fields(code, values))
    market.save()
    record(
        "localisation.market_created",
        market,
        actor=actor,
        changes={"country": code, "region": region.code, **_audit_values(market)},
    )
    return market


@transaction.atomic
def update_market(market: Market, *, actor: Any, **changes: Any) -> Market:
    """Change a market's settings; every field is validated again as a whole."""
    _require(actor, MANAGE_MARKETS)
    unknown = sorted(set(changes) - set(MARKET_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    market = Market.objects.select_for_update().get(pk=market.pk)
    before = _audit_values(market)
    values = {name: getattr(market, name) for name in MARKET_FIELDS}
    values.update(changes)
    for name, value in clean_market_fields(market.country, values).items():
        setattr(market, name, value)
    market.save()
    after = _audit_values(market)
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    if changed:
        record("localisation.market_changed", market, actor=actor, changes=changed)
    return market


def clean_market_fields(country: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every market field validated for `country`; one ValidationError names each bad field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(name: str, clean: Callable[[], Any]) -> None:
        try:
            cleaned[name] = clean()
        except ValidationError as exc:
            for field, messages in exc.errors.items():
                errors.setdefault(field, []).extend(messages)

    check("region", lambda: _clean_region(values["region"]))
    check(
        "default_currency",
        lambda: validate_currency(values["default_currency"], "default_currency"),
    )
    check(
        "default_language",
        lambda: validate_language(values["default_language"], "default_language"),
    )
    check("languages", lambda: _clean_languages(values["languages"]))
    check("time_zones", lambda: _clean_time_zones(values["time_zones"]))
    check(
        "time_zone",
        lambda: _clean_main_zone(country, values["time_zone"], cleaned.get("time_zones")),
    )
    check("working_days", lambda: _clean_working_days(values["working_days"]))
    check(
        "business_hours_start",
        lambda: _clean_hours(values["business_hours_start"], values["business_hours_end"]),
    )
    if "business_hours_start" in cleaned:
        cleaned["business_hours_start"], cleaned["business_hours_end"] = cleaned[
            "business_hours_start"
        ]
    check("holiday_subdivision", lambda: _clean_subdivision(country, values["holiday_subdivision"]))
    cleaned["formal_address"] = bool(values["formal_address"])
    cleaned["legal_entity_name"] = str(values["legal_entity_name"] or "").strip()
    check("legal_entity_address", lambda: _clean_address(values["legal_entity_address"]))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_region(region: Any) -> Region:
    if not isinstance(region, Region) or region.pk is None:
        raise ValidationError({"region": _("Choose the data region of this market.")})
    return region


def _clean_languages(tags: Any) -> list[str]:
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise ValidationError({"languages": _("Give a list of language tags.")})
    result: list[str] = []
    for tag in tags:
        normalised = validate_language(str(tag).strip(), "languages")
        if normalised not in result:
            result.append(normalised)
    return result


def _clean_time_zones(zones: Any) -> list[str]:
    if isinstance(zones, str) or not isinstance(zones, Iterable):
        raise ValidationError({"time_zones": _("Give a list of IANA time zones.")})
    result: list[str] = []
    for zone in zones:
        validate_time_zone(str(zone).strip(), "time_zones")
        if zone not in result:
            result.append(str(zone).strip())
    if not result:
        raise ValidationError({"time_zones": _("Give at least one time zone.")})
    return result


def _clean_main_zone(country: str, zone: str, zones: list[str] | None) -> str:
    if not zone:
        raise ValidationError(
            {
                "time_zone": _("%(country)s has several time zones: choose the main one.")
                % {"country": country}
            }
        )
    validate_time_zone(zone, "time_zone")
    if zones is not None and zone not in zones:
        raise ValidationError(
            {"time_zone": _("The main time zone must be one of the market's time zones.")}
        )
    return zone


def _clean_working_days(days: Any) -> list[int]:
    try:
        numbers = sorted({int(day) for day in days})
    except (TypeError, ValueError):
        numbers = [0]
    if not numbers or any(day not in ISO_WEEKDAYS for day in numbers):
        raise ValidationError(
            {"working_days": _("Choose at least one working day (1 = Monday … 7 = Sunday).")}
        )
    return numbers


def _clean_hours(start: Any, end: Any) -> tuple[datetime.time, datetime.time]:
    if not isinstance(start, datetime.time) or not isinstance(end, datetime.time):
        raise ValidationError(
            {"business_hours_start": _("Give the business hours as times of day.")}
        )
    if start >= end:
        raise ValidationError(
            {"business_hours_end": _("Business hours must end after they start.")}
        )
    return start, end


def _clean_subdivision(country: str, value: str) -> str:
    code = (value or "").strip().upper()
    if not code:
        return ""
    if not has_holiday_calendar(country):
        raise ValidationError(
            {
                "holiday_subdivision": _("There is no public holiday calendar for %(country)s.")
                % {"country": country}
            }
        )
    if code not in holiday_subdivisions(country):
        raise ValidationError(
            {
                "holiday_subdivision": _(
                    "%(code)s is not a subdivision of %(country)s with its own holidays."
                )
                % {"code": code, "country": country}
            }
        )
    return code


def _clean_address(address: Any) -> dict[str, str]:
    if not address:
        return {}
    if not isinstance(address, dict):
        raise ValidationError({"legal_entity_address": _("Give the address as its fields.")})
    return normalise_address(address, field="legal_entity_address")


def _audit_values(market: Market) -> dict[str, Any]:
    values = {name: getattr(market, name) for name in MARKET_FIELDS}
    values["region"] = market.region.code
    values["business_hours_start"] = market.business_hours_start.isoformat("minutes")
    values["business_hours_end"] = market.business_hours_end.isoformat("minutes")
    return values


def _actor_of(user: Any) -> Actor:
    """The request's actor (with its region), or `user` when a caller names someone else."""
    actor = current_actor()
    if user.pk is None or actor.id == str(user.pk):
        return actor if user.pk is not None else Actor.of(user)
    return Actor(id=str(user.pk), label=str(user.get_username()))


@transaction.atomic
def record_manual_rate(
    currency: str,
    on: datetime.date | str,
    rate: Decimal | str,
    source: str,
    *,
    actor: Any,
) -> ExchangeRate:
    """Record how many units of `currency` 1 EUR bought on `on`, and where that figure came from.

    Only for currencies the ECB does not publish (AED, SAR, ARS...): an ECB currency always
    converts at the ECB's reference rate. `actor` (who entered it) needs the manage_rates
    permission; they are stored with the rate and in the audit trail.
    """
    _require(actor, MANAGE_RATES)
    code = validate_currency(currency)
    day = as_date(on)
    errors: dict[str, str] = {}
    if code == EUR:
        errors["currency"] = "The euro is the base currency: 1 EUR is always 1 EUR."
    elif code in ecb_currencies() or (
        ExchangeRate.objects.filter(currency=code, date=day, source=ExchangeRate.ECB).exists()
    ):
        errors["currency"] = (
            f"The ECB publishes {code}; its reference rates are used, not manual ones."
        )
    try:
        value = Decimal(str(rate).strip())
    except InvalidOperation:
        errors["rate"] = f"Not a number: {rate!r}."
    else:
        if not value.is_finite() or value <= 0:
            errors["rate"] = "The rate must be a positive number of units per 1 EUR."
        elif value.as_tuple().exponent < -8 or value.adjusted() >= 12:  # type: ignore[operator]
            errors["rate"] = "At most 12 digits before and 8 after the decimal point."
    source = (source or "").strip()
    if not source:
        errors["source"] = "Say where the rate comes from (a bank, a central bank, a contract)."
    elif source.upper() == ExchangeRate.ECB:
        errors["source"] = "Manual rates cannot claim the ECB as their source."
    elif len(source) > 200:
        errors["source"] = "At most 200 characters."
    if not errors and ExchangeRate.objects.filter(currency=code, date=day).exists():
        errors["date"] = f"There is a {code} rate for {day.isoformat()} already."
    if errors:
        raise ValidationError(errors)
    entered_by = _actor_of(actor)
    entry = ExchangeRate.objects.create(
        currency=code,
        date=day,
        rate=value,
        source=source,
        entered_by_id=entered_by.id,
        entered_by_label=entered_by.label,
    )
    record(
        "localisation.manual_rate_recorded",
        entry,
        changes={"currency": code, "date": day, "rate": str(value), "source": source},
        actor=entered_by,
    )
    return entry
