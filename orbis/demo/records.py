"""The demo's companies and contacts as plain records, drawn from the pools by a seeded generator.

The same seed and size give the same records in the same order, whichever path (services or
bulk) later writes them: the generator never looks at the database.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii

from .organisation import MARKETS, REPS_PER_REGION
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


class DemoWorld:
    """Pools for every market and the generators of the demo's companies and contacts."""

    def __init__(self, seed: int, contacts: int) -> None:
        self.seed = seed
        self.contact_count = contacts
        self.company_count = max(1, contacts // 5)
        size = pool_size(contacts)
        self.pools: dict[str, Pool] = {m.country: build_pool(m, seed, size) for m in MARKETS}
        self._countries = _Weighted([(m.country, m.weight) for m in MARKETS])
        self._lifecycle = _Weighted(LIFECYCLE)
        self._source = _Weighted(SOURCES)
        self.companies: list[CompanyRecord] = list(self._companies())
        self._by_country: dict[str, list[int]] = {}
        for company in self.companies:
            self._by_country.setdefault(company.country, []).append(company.index)

    def _address(self, rng: random.Random, pool: Pool, kind: str) -> dict[str, str]:
        # Streets are not checked against localities, so any pooled street can go with any
        # pooled (validated) locality of the same country.
        street = rng.choice(pool.addresses)["street_address"]
        return {**rng.choice(pool.addresses), "street_address": street, "kind": kind}

    def _tags(self, rng: random.Random) -> list[str]:
        roll = rng.random()
        count = 0 if roll < 0.5 else 1 if roll < 0.85 else 2
        return sorted(rng.sample(TAGS, count))

    def _companies(self) -> Iterator[CompanyRecord]:
        rng = random.Random(f"{self.seed}:companies")
        for index in range(self.company_count):
            pool = self.pools[self._countries.draw(rng)]
            name = rng.choice(pool.companies)
            yield CompanyRecord(
                index=index,
                country=pool.spec.country,
                region=pool.spec.region,
                name=name,
                domain=f"{(_slug(name)[:40].strip('-') or 'company')}-{index}.example",
                phone=rng.choice(pool.phones),
                address=self._address(rng, pool, "work"),
                owner_slot=rng.randrange(REPS_PER_REGION),
                lifecycle_stage=self._lifecycle.draw(rng),
                source=self._source.draw(rng),
                tags=["key-account"] if rng.random() < 0.1 else [],
            )

    def contacts(self, start: int = 0, stop: int | None = None) -> Iterator[ContactRecord]:
        """Contacts number `start` to `stop`; each slice has its own random stream (seeded by
        the seed and `start`), so slices can be generated in another process, in any order."""
        stop = self.contact_count if stop is None else min(stop, self.contact_count)
        rng = random.Random(f"{self.seed}:contacts:{start}")
        for index in range(start, stop):
            pool = self.pools[self._countries.draw(rng)]
            spec = pool.spec
            given, _, latin_given, _ = rng.choice(pool.people)
            _, family, _, latin_family = rng.choice(pool.people)
            local = ".".join(
                filter(None, (_slug(latin_given or given), _slug(latin_family or family)))
            )
            employers = self._by_country.get(spec.country, [])
            company = rng.choice(employers) if employers and rng.random() < EMPLOYED_SHARE else None
            if company is not None:
                domain = self.companies[company].domain
                emails = [(f"{local or 'contact'}.{index}@{domain}", "work")]
            else:
                emails = [(f"{local or 'contact'}.{index}@{rng.choice(PERSONAL_DOMAINS)}", "home")]
            phones = [(rng.choice(pool.phones), "mobile")]
            if rng.random() < 0.2:
                extra = rng.choice(pool.phones)
                if extra != phones[0][0]:
                    phones.append((extra, "work"))
            yield ContactRecord(
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
                phones=phones,
                address=self._address(rng, pool, "home"),
                owner_slot=rng.randrange(REPS_PER_REGION),
                lifecycle_stage=self._lifecycle.draw(rng),
                source=self._source.draw(rng),
                tags=self._tags(rng),
                company=company,
                title=rng.choice(pool.jobs) if company is not None else "",
            )
