"""Writers of regions and markets."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from orbis.audit.services import record
from orbis.kernel.errors import ValidationError
from orbis.kernel.money import validate_currency

from .addresses import normalise_address
from .countries import validate_country, validate_language, validate_time_zone
from .markets import ISO_WEEKDAYS, has_holiday_calendar, holiday_subdivisions, market_defaults
from .models import Market, Region

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


@transaction.atomic
def create_region(code: str, name: str) -> Region:
    if Region.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A region with code {code!r} exists already."})
    region = Region.objects.create(code=code, name=name)
    record("localisation.region_created", region, changes={"code": code, "name": name})
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
) -> Market:
    """A new market; whatever is not given is the libraries' default for the country."""
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
        changes={"country": code, "region": region.code, **_audit_values(market)},
    )
    return market


@transaction.atomic
def update_market(market: Market, **changes: Any) -> Market:
    """Change a market's settings; every field is validated again as a whole."""
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
        record("localisation.market_changed", market, changes=changed)
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
