"""What a market looks like by default, read from the libraries: Babel/CLDR, zoneinfo, holidays.

Nothing here is typed by hand: the languages and currency come from CLDR's territory data, the
time zones from CLDR's territory-to-zone mapping (kept only where zoneinfo knows the zone), the
weekend from the `holidays` package (which follows each country's law, e.g. Friday-Saturday in
Saudi Arabia) and, for a country `holidays` does not cover, from CLDR's week data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies

from .countries import time_zones as known_time_zones
from .countries import validate_country

BUSINESS_HOURS_START = datetime.time(9, 0)
BUSINESS_HOURS_END = datetime.time(17, 0)
ISO_WEEKDAYS = range(1, 8)
# CLDR marks a language "official" or "de facto official" for the whole country; "official
# regional" ones (Catalan in Spain, Bengali in India) are left to the admin to add.
_NATIONAL_STATUS = {"official", "de_facto_official"}


@dataclass(frozen=True)
class MarketDefaults:
    """A country's languages, currency, time zones and working week as the libraries give them."""

    country: str
    languages: list[str]
    currency: str
    time_zones: list[str]
    # The main time zone when the country has only one; a country with several (US, BR, AU)
    # has no single right answer, so the admin chooses.
    time_zone: str | None
    working_days: list[int]
    business_hours_start: datetime.time
    business_hours_end: datetime.time
    holiday_subdivisions: dict[str, str]


def market_defaults(country: str) -> MarketDefaults:
    """The library defaults for a market in `country` (ISO 3166-1 alpha-2)."""
    code = validate_country(country)
    zones = country_time_zones(code)
    currencies = get_territory_currencies(code)
    return MarketDefaults(
        country=code,
        languages=official_languages(code),
        currency=currencies[0] if currencies else "",
        time_zones=zones,
        time_zone=zones[0] if len(zones) == 1 else None,
        working_days=default_working_days(code),
        business_hours_start=BUSINESS_HOURS_START,
        business_hours_end=BUSINESS_HOURS_END,
        holiday_subdivisions=holiday_subdivisions(code),
    )


def official_languages(country: str) -> list[str]:
    """The country's national languages as BCP 47 tags, the most widely spoken first."""
    info = get_global("territory_languages").get(country, {})
    ranked = sorted(
        info.items(), key=lambda item: item[1].get("population_percent", 0), reverse=True
    )
    national = [tag for tag, data in ranked if data.get("official_status") in _NATIONAL_STATUS]
    # A country with no national language in CLDR still speaks its most common one.
    tags = national or [tag for tag, _ in ranked[:1]]
    return [_bcp47(tag) for tag in tags if _babel_knows(tag)]


def country_time_zones(country: str) -> list[str]:
    """Every IANA time zone of the country, as CLDR maps them, that zoneinfo can load."""
    zones = get_global("territory_zones").get(country, [])
    known = known_time_zones()
    return [zone for zone in zones if zone in known]


def default_working_days(country: str) -> list[int]:
    """ISO weekdays (1 = Monday) outside the country's weekend."""
    weekend = weekend_days(country)
    return [day for day in ISO_WEEKDAYS if day not in weekend]


def weekend_days(country: str) -> frozenset[int]:
    """The country's weekend as ISO weekdays: `holidays`' rule, else CLDR's week data."""
    calendar = _holiday_calendar(country)
    if calendar is not None:
        return frozenset(day + 1 for day in calendar.weekend)
    locale = Locale("und", territory=country)
    start, end = locale.weekend_start, locale.weekend_end  # 0 = Monday, may wrap past Sunday
    days = {start}
    while start != end:
        start = (start + 1) % 7
        days.add(start)
    return frozenset(day + 1 for day in days)


def holiday_subdivisions(country: str) -> dict[str, str]:
    """Subdivision codes `holidays` knows for the country, each with its name where it has one."""
    calendar = _holiday_calendar(country)
    if calendar is None:
        return {}
    names: dict[str, str] = {}
    for alias, code in _aliases(calendar).items():
        # Aliases mix names and other codes (France's "GP" for 971): the first name wins.
        if not (alias.isupper() and len(alias) <= 3):
            names.setdefault(code, alias)
    return {code: names.get(code, code) for code in calendar.subdivisions}


def resolve_subdivision(country: str, value: str) -> str | None:
    """The `holidays` subdivision code for a code or name (an address's "BY" or "Bayern")."""
    calendar = _holiday_calendar(country)
    text = (value or "").strip()
    if calendar is None or not text:
        return None
    if text.upper() in calendar.subdivisions:
        return text.upper()
    folded = {alias.casefold(): code for alias, code in _aliases(calendar).items()}
    return folded.get(text.casefold())


def _aliases(calendar: holidays.HolidayBase) -> dict[str, str]:
    return dict(getattr(calendar, "subdivisions_aliases", None) or {})


def has_holiday_calendar(country: str) -> bool:
    return _holiday_calendar(country) is not None


@cache
def _holiday_calendar(country: str) -> holidays.HolidayBase | None:
    """An empty calendar of the country, for its rules; None where `holidays` has none."""
    try:
        return holidays.country_holidays(country, years=[])
    except NotImplementedError:
        return None


def _bcp47(tag: str) -> str:
    return tag.replace("_", "-")


def _babel_knows(tag: str) -> bool:
    try:
        Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        return False
    return True
