"""ISO 3166 countries and BCP 47 languages from pycountry and Babel, never typed by hand."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

import pycountry
from babel import Locale, UnknownLocaleError

from orbis.kernel.errors import ValidationError


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def validate_country(code: str, field: str = "country") -> str:
    normalised = (code or "").strip().upper()
    if normalised not in country_codes():
        raise ValidationError({field: f"Unknown ISO 3166-1 country code: {code!r}."})
    return normalised


def country_name(code: str, locale: str = "en") -> str:
    try:
        return Locale.parse(locale).territories.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def validate_language(tag: str, field: str = "language") -> str:
    """Accept a BCP 47 tag Babel knows (`de`, `pt-BR`, `zh-Hans`); return it normalised."""
    try:
        locale = Locale.parse((tag or "").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ValidationError({field: f"Unknown language or locale: {tag!r}."}) from None
    return str(locale).replace("_", "-")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(name: str, field: str = "time_zone") -> str:
    if name not in time_zones():
        raise ValidationError({field: f"Unknown IANA time zone: {name!r}."})
    return name
