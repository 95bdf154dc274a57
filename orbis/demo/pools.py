"""Per-country pools of names, addresses, phone numbers, company name stems and job titles.

Calling Faker for every one of a million records would take longer than inserting them, so each
country gets a few thousand Faker-made parts, seeded, which the record generator recombines.
Every pooled address is validated once here, with the same function that validates a user's
input, so every combination is valid too; phone numbers come from the country's phone book
(orbis.demo.phones), which gives each person numbers of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from anyascii import anyascii
from faker import Faker

from .companies import KOREAN_BRANDS
from .organisation import MarketSpec
from .phones import PhoneBook
from .postal import Locality, address_pool

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
    addresses: list[Locality] = field(default_factory=list)
    phones: PhoneBook | None = None
    stems: list[str] = field(default_factory=list)  # what company names are built on
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


def _stems(fake: Faker, country: str, people: list[tuple[str, str, str, str]]) -> list[str]:
    """Family names, or brands where companies are not named after families (China, Korea)."""
    if country == "KR":
        return list(KOREAN_BRANDS)
    if country == "CN":
        prefixes = {fake.company_prefix() for _ in range(400)}
        return sorted(p for p in prefixes if "公司" not in p)
    return list(dict.fromkeys(family for _, family, _, _ in people))


def build_pool(spec: MarketSpec, seed: int, size: int, serials: int) -> Pool:
    """About `size` of each part for `spec`'s country, and numbers for `serials` owners (contacts
    and companies); the same seed gives the same pool."""
    country = spec.country
    rng = random.Random(f"{seed}:{country}")
    fake = Faker(spec.faker_locale)
    fake.seed_instance(rng.randrange(2**32))
    name_fake = Faker(_NAME_LOCALE.get(country, spec.faker_locale))
    name_fake.seed_instance(rng.randrange(2**32))
    pool = Pool(spec=spec)
    pool.people = list(dict.fromkeys(_person(name_fake, country) for _ in range(size)))
    pool.addresses = address_pool(fake, rng, country, max(10, min(size // 10, 120)))
    pool.phones = PhoneBook(rng, country, serials)
    pool.stems = _stems(fake, country, pool.people)
    pool.jobs = list(dict.fromkeys(fake.job() for _ in range(max(10, min(size // 10, 200)))))
    return pool
