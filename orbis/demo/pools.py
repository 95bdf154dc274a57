"""Per-country pools of names, addresses, phone numbers, companies and job titles.

Calling Faker for every one of a million records would take longer than inserting them, so each
country gets a few thousand Faker-made parts, seeded, which the record generator recombines.
Every pooled address and phone number is validated once here, with the same functions that
validate a user's input, so every combination is valid too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from anyascii import anyascii
from faker import Faker
from phonenumbers import PhoneNumberType

from orbis.kernel.errors import ValidationError
from orbis.localisation.phones import normalise_phone

from .organisation import MarketSpec
from .postal import address_pool

# Faker's ar_AE locale has phone numbers but no Arabic names; ar_AA has them.
_NAME_LOCALE = {"AE": "ar_AA"}
# Written in a script other than Latin: the contact also gets a Latin form of the name.
_TRANSLITERATED = {"CN", "KR"}


@dataclass
class Pool:
    """The parts demo records of one country are assembled from."""

    spec: MarketSpec
    people: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # given, family, latin g, latin f
    addresses: list[dict[str, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)


def _latin(text: str) -> str:
    return " ".join(part.capitalize() for part in anyascii(text).split())


def _person(fake: Faker, country: str) -> tuple[str, str, str, str]:
    if country == "JP":
        # Faker pairs each kanji name with its reading and romanisation.
        given_kanji, _, given_latin = fake.first_name_pair()
        family_kanji, _, family_latin = fake.last_name_pair()
        return given_kanji, family_kanji, given_latin, family_latin
    given, family = fake.first_name(), fake.last_name()
    if country in _TRANSLITERATED:
        return given, family, _latin(given), _latin(family)
    return given, family, "", ""


def _random_phone(rng: random.Random, country: str, kind: Any, keep: int) -> str | None:
    """A valid number of `country` and `kind`: the library's example, all but `keep` digits
    drawn at random, re-validated."""
    example = phonenumbers.example_number_for_type(country, kind)
    if example is None:
        return None
    national = str(example.national_number)
    for _ in range(100):
        tail = "".join(str(rng.randrange(10)) for _ in range(len(national) - keep))
        candidate = f"+{example.country_code}{national[:keep]}{tail}"
        number = phonenumbers.parse(candidate)
        if phonenumbers.number_type(number) not in (kind, PhoneNumberType.FIXED_LINE_OR_MOBILE):
            continue
        if not phonenumbers.is_valid_number_for_region(number, country):
            continue  # +1 numbers of Canada when making ones for the US, and the like
        try:
            return normalise_phone(candidate, country)
        except ValidationError:
            continue
    return None


def _phones(rng: random.Random, country: str, size: int) -> list[str]:
    """Numbers spread over many area codes and mobile prefixes, then varied in their last
    digits (which stay within a valid range far more often than a fresh draw)."""
    anchors = []
    for i in range(max(4, size // 20)):
        kind = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)[i % 2]
        anchors.append(_random_phone(rng, country, kind, 1) or _random_phone(rng, country, kind, 3))
    phones = [a for a in anchors if a]
    while len(phones) < size:
        anchor = rng.choice(phones[: len(anchors)])
        candidate = anchor[:-3] + f"{rng.randrange(1000):03d}"
        try:
            phones.append(normalise_phone(candidate, country))
        except ValidationError:
            continue
    return list(dict.fromkeys(phones))


def build_pool(spec: MarketSpec, seed: int, size: int) -> Pool:
    """About `size` of each part for `spec`'s country; the same seed gives the same pool."""
    country = spec.country
    rng = random.Random(f"{seed}:{country}")
    fake = Faker(spec.faker_locale)
    fake.seed_instance(rng.randrange(2**32))
    name_fake = Faker(_NAME_LOCALE.get(country, spec.faker_locale))
    name_fake.seed_instance(rng.randrange(2**32))
    pool = Pool(spec=spec)
    pool.people = list(dict.fromkeys(_person(name_fake, country) for _ in range(size)))
    pool.addresses = address_pool(fake, rng, country, max(10, min(size // 10, 120)))
    pool.phones = _phones(rng, country, size)
    pool.companies = list(dict.fromkeys(fake.company() for _ in range(max(10, size // 2))))
    pool.jobs = list(dict.fromkeys(fake.job() for _ in range(max(10, min(size // 10, 200)))))
    return pool
