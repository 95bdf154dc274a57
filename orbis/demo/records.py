"""The demo's companies and contacts as plain records, drawn from the pools by a seeded generator.

The same seed and size give the same records in the same order, whichever path (services or
bulk) later writes them: the generator never looks at the database.

Deliberate duplicates: about DUPLICATE_SHARE of the contacts (1%) are a person already in the
demo entered a second time, as happens in every CRM: the same email address or the same phone
number, the name typed a little differently (initial only, lower case, without accents). They
are the only contacts that share an email address or a number, so "possible duplicates" on a
contact's page finds exactly them; `duplicate_of` names the original.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from anyascii import anyascii

from .companies import INDUSTRIES, CompanyNamer, identifiers, industry_label
from .organisation import MARKETS, REPS_PER_REGION
from .phones import LANDLINE, MOBILE, PhoneBook
from .pools import Pool, build_pool

TAGS = [
    "vip",
    "newsletter",
    "webinar-2026",
    "trade-show-2026",
    "key-account",
    "partner-referral",
    "churn-risk",
    "beta-tester",
]
LIFECYCLE = [
    ("subscriber", 10),
    ("lead", 35),
    ("mql", 12),
    ("sql", 8),
    ("opportunity", 8),
    ("customer", 22),
    ("evangelist", 3),
    ("other", 2),
]
SOURCES = [
    ("manual", 20),
    ("web", 35),
    ("import", 15),
    ("referral", 10),
    ("event", 10),
    ("partner", 5),
    ("api", 5),
]
PERSONAL_DOMAINS = ["example.com", "example.net", "example.org"]
EMPLOYED_SHARE = 0.6
MOBILE_FIRST_SHARE = 0.85  # the others give a landline only (work if employed, else home)
SECOND_PHONE_SHARE = 0.2  # of those with a mobile, how many also give a landline
DUPLICATE_SHARE = 0.01
# A duplicate is of one of the last few contacts of its batch (both are made in one pass).
_RECENT = 50
# Names a second entry gets typed the same in (no initials or case in these scripts).
_NAMES_AS_WRITTEN = {"JP", "CN", "KR", "AE"}
INDUSTRY_KEYS = sorted(INDUSTRIES)


@dataclass(slots=True)
class CompanyRecord:
    """One demo company before it is written."""

    index: int
    country: str
    region: str
    name: str
    domain: str
    phone: str
    address: dict[str, str]
    owner_slot: int
    lifecycle_stage: str
    source: str
    tags: list[str]
    industry: str
    vat_number: str  # compact, as the services store it; "" where the country has none
    tax_id: str


@dataclass(slots=True)
class ContactRecord:
    """One demo contact before it is written."""

    index: int
    country: str
    region: str
    given_name: str
    family_name: str
    latin_given_name: str
    latin_family_name: str
    language: str
    locale: str
    time_zone: str
    emails: list[tuple[str, str]]  # value, label
    phones: list[tuple[str, str]]
    address: dict[str, str]
    owner_slot: int
    lifecycle_stage: str
    source: str
    tags: list[str]
    company: int | None  # index of a CompanyRecord
    title: str
    duplicate_of: int | None = None  # a deliberate duplicate: the index of the original


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


class _Weighted:
    """Draws from weighted choices with one random() call (random.choices is slower per call)."""

    def __init__(self, items: list[tuple[Any, int]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative = list(itertools.accumulate(weight for _, weight in items))

    def draw(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def pool_size(contacts: int) -> int:
    return max(50, min(contacts // 10, 3000))


def name_variant(rng: random.Random, country: str, given: str, family: str) -> tuple[str, str]:
    """The name as someone else types it: without accents, as an initial, or in lower case."""
    if country in _NAMES_AS_WRITTEN:
        return given, family
    plain = (_without_accents(given), _without_accents(family))
    if plain != (given, family):
        return plain
    if rng.random() < 0.5 and given:
        return f"{given[0]}.", family
    return given.lower(), family.lower()


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


class DemoWorld:
    """Pools for every market and the generators of the demo's companies and contacts."""

    def __init__(self, seed: int, contacts: int) -> None:
        self.seed = seed
        self.contact_count = contacts
        self.company_count = max(1, contacts // 5)
        size = pool_size(contacts)
        # Phone serials: each contact's index, then each company's index past the contacts.
        serials = contacts + self.company_count
        self.pools: dict[str, Pool] = {
            m.country: build_pool(m, seed, size, serials) for m in MARKETS
        }
        self._countries = _Weighted([(m.country, m.weight) for m in MARKETS])
        self._lifecycle = _Weighted(LIFECYCLE)
        self._source = _Weighted(SOURCES)
        self.companies: list[CompanyRecord] = list(self._companies())
        self._by_country: dict[str, list[int]] = {}
        for company in self.companies:
            self._by_country.setdefault(company.country, []).append(company.index)

    def _address(self, rng: random.Random, pool: Pool, kind: str) -> dict[str, str]:
        # Any street of the locality's list goes with it: each list was validated with it.
        locality, streets = rng.choice(pool.addresses)
        return {**locality, "street_address": rng.choice(streets), "kind": kind}

    def _tags(self, rng: random.Random) -> list[str]:
        roll = rng.random()
        count = 0 if roll < 0.5 else 1 if roll < 0.85 else 2
        return sorted(rng.sample(TAGS, count))

    def _companies(self) -> Iterator[CompanyRecord]:
        rng = random.Random(f"{self.seed}:companies")
        namer = CompanyNamer()
        serials: dict[str, int] = {}  # companies so far per country: their tax numbers' serial
        for index in range(self.company_count):
            pool = self.pools[self._countries.draw(rng)]
            country = pool.spec.country
            address = self._address(rng, pool, "work")
            industry = rng.choice(INDUSTRY_KEYS)
            name = namer.name(rng, country, industry, pool.stems, address)
            serial = serials[country] = serials.get(country, -1) + 1
            vat_number, tax_id = identifiers(country, serial, rng, name, address)
            yield CompanyRecord(
                index=index,
                country=country,
                region=pool.spec.region,
                name=name,
                domain=f"{(_slug(name)[:40].strip('-') or 'company')}-{index}.example",
                phone=_book(pool).number(LANDLINE, self.contact_count + index),
                address=address,
                owner_slot=rng.randrange(REPS_PER_REGION),
                lifecycle_stage=self._lifecycle.draw(rng),
                source=self._source.draw(rng),
                tags=["key-account"] if rng.random() < 0.1 else [],
                industry=industry_label(industry, country),
                vat_number=vat_number,
                tax_id=tax_id,
            )

    def contacts(self, start: int = 0, stop: int | None = None) -> Iterator[ContactRecord]:
        """Contacts number `start` to `stop`; each slice has its own random stream (seeded by
        the seed and `start`), so slices can be generated in another process, in any order.
        A deliberate duplicate is of a contact of the same slice, so slices stay independent."""
        stop = self.contact_count if stop is None else min(stop, self.contact_count)
        rng = random.Random(f"{self.seed}:contacts:{start}")
        recent: list[ContactRecord] = []  # originals that may still be entered a second time
        for index in range(start, stop):
            if recent and rng.random() < DUPLICATE_SHARE:
                yield self._duplicate(rng, recent.pop(rng.randrange(len(recent))), index)
                continue
            record = self._contact(rng, index)
            recent.append(record)
            if len(recent) > _RECENT:
                del recent[0]
            yield record

    def _contact(self, rng: random.Random, index: int) -> ContactRecord:
        pool = self.pools[self._countries.draw(rng)]
        spec = pool.spec
        given, _, latin_given, _ = rng.choice(pool.people)
        _, family, _, latin_family = rng.choice(pool.people)
        employers = self._by_country.get(spec.country, [])
        company = rng.choice(employers) if employers and rng.random() < EMPLOYED_SHARE else None
        if company is not None:
            domain, label = self.companies[company].domain, "work"
        else:
            domain, label = rng.choice(PERSONAL_DOMAINS), "home"
        emails = [(_email(latin_given or given, latin_family or family, index, domain), label)]
        return ContactRecord(
            index=index,
            country=spec.country,
            region=spec.region,
            given_name=given,
            family_name=family,
            latin_given_name=latin_given,
            latin_family_name=latin_family,
            language=spec.language,
            locale=spec.faker_locale.replace("_", "-"),
            time_zone=spec.time_zone,
            emails=emails,
            phones=self._phones(rng, _book(pool), index, employed=company is not None),
            address=self._address(rng, pool, "home"),
            owner_slot=rng.randrange(REPS_PER_REGION),
            lifecycle_stage=self._lifecycle.draw(rng),
            source=self._source.draw(rng),
            tags=self._tags(rng),
            company=company,
            title=rng.choice(pool.jobs) if company is not None else "",
        )

    def _phones(
        self, rng: random.Random, book: PhoneBook, index: int, *, employed: bool
    ) -> list[tuple[str, str]]:
        """A mobile (labelled so) and sometimes a landline, or a landline alone; each number
        this contact's own (its serial is the contact's index)."""
        landline = (book.number(LANDLINE, index), "work" if employed else "home")
        if rng.random() >= MOBILE_FIRST_SHARE:
            return [landline]
        mobile = (book.number(MOBILE, index), "mobile")
        return [mobile, landline] if rng.random() < SECOND_PHONE_SHARE else [mobile]

    def _duplicate(self, rng: random.Random, original: ContactRecord, index: int) -> ContactRecord:
        """`original` entered again (by another rep, or by an import): the same email address or
        the same first phone number, the name typed differently, the rest of the record its own."""
        given, family = name_variant(
            rng, original.country, original.given_name, original.family_name
        )
        book = _book(self.pools[original.country])
        if rng.random() < 0.5:
            emails = original.emails[:1]
            phones = [(book.number(MOBILE, index), "mobile")]
        else:
            latin = (original.latin_given_name or given, original.latin_family_name or family)
            emails = [(_email(*latin, index, rng.choice(PERSONAL_DOMAINS)), "home")]
            phones = original.phones[:1]
        return replace(
            original,
            index=index,
            given_name=given,
            family_name=family,
            emails=emails,
            phones=phones,
            owner_slot=rng.randrange(REPS_PER_REGION),
            source=rng.choice(("import", "web", "event")),
            tags=[],
            duplicate_of=original.index,
        )


def _email(given: str, family: str, index: int, domain: str) -> str:
    # The contact's index keeps addresses unique across people of the same name.
    local = ".".join(filter(None, (_slug(given), _slug(family)))) or "contact"
    return f"{local}.{index}@{domain}"


def _book(pool: Pool) -> PhoneBook:
    assert pool.phones is not None
    return pool.phones
