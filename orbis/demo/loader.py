"""Load the demo company: the organisation and first records through the services, the rest in bulk.

The bulk path is the one documented exception to "writes go through services", made so a
million contacts load in minutes. It writes exactly what the services would: it validates
through the same functions (in the pools), computes `sort_name` and `search_document` with the
same functions as customers.services, and records one `demo.loaded` audit event for the lot.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction

from orbis.audit.context import Actor, acting_as
from orbis.audit.services import record
from orbis.customers import search_document
from orbis.customers import services as customers
from orbis.customers.models import (
    Company,
    Contact,
    ContactPoint,
    Employment,
    Tag,
    email_domain_index,
)
from orbis.identity.models import User
from orbis.kernel import crypto, fulltext
from orbis.kernel.bulk import Table
from orbis.kernel.maintenance import refresh_planner_statistics
from orbis.localisation import names
from orbis.localisation.countries import validate_language
from orbis.localisation.models import Region

from .organisation import Organisation, build_organisation
from .privacy import seed_privacy
from .records import TAGS, CompanyRecord, ContactRecord, DemoWorld
from .sales import seed_sales

SERVICE_CONTACTS = 200
BATCH_SIZE = 10000
Progress = Callable[[int], None]


@dataclass
class LoadResult:
    """What load_demo wrote and how long it took."""

    contacts: int
    companies: int
    seconds: float
    pool_seconds: float

    @property
    def rate(self) -> float:
        return self.contacts / self.seconds if self.seconds else 0.0


def has_data() -> bool:
    return Region.objects.exists() or User.objects.exists() or Contact.objects.exists()


def load_demo(
    contacts: int,
    seed: int = 1,
    *,
    service_contacts: int = SERVICE_CONTACTS,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadResult:
    """Build the demo company with `contacts` contacts into an empty database."""
    started = time.perf_counter()
    with acting_as(Actor(label="orbis demo")):
        org = build_organisation()
        world = DemoWorld(seed, contacts)
        pool_seconds = time.perf_counter() - started
        service_companies = min(world.company_count, max(1, service_contacts // 5))
        company_ids = [_create_company(org, c) for c in world.companies[:service_companies]]
        company_ids += [_company_id(seed, c.index) for c in world.companies[service_companies:]]
        writer = _BulkWriter(org, world, company_ids, seed)
        service_contacts = min(service_contacts, contacts)
        with fulltext.deferred([Contact._meta.db_table, Company._meta.db_table]):
            writer.companies(world.companies[service_companies:], batch_size)
            for done, item in enumerate(world.contacts(0, service_contacts), start=1):
                _create_contact(org, item, company_ids)
                if progress and done % 50 == 0:
                    progress(50)
            if progress:
                progress(service_contacts % 50)
            writer.contacts(service_contacts, batch_size, progress)
        seed_privacy(seed, consent_contacts=min(service_contacts, 200))
        seed_sales(org, seed)
        refresh_planner_statistics()
        seconds = time.perf_counter() - started
        record(
            "demo.loaded",
            actor=Actor(label="orbis demo"),
            changes={
                "seed": seed,
                "contacts": contacts,
                "companies": world.company_count,
                "seconds": round(seconds, 2),
                "database": connection.vendor,
            },
        )
    return LoadResult(contacts, world.company_count, seconds, pool_seconds)


def _owner(org: Organisation, region: str, slot: int) -> User:
    return org.reps[region][slot]


def _company_id(seed: int, index: int) -> uuid.UUID:
    # Derived from the seed so the same seed gives the same keys (and links) every time.
    return uuid.UUID(int=random.Random(f"{seed}:company-id:{index}").getrandbits(128), version=4)


# --- the service path ----------------------------------------------------------------------------


def _create_company(org: Organisation, item: CompanyRecord) -> uuid.UUID:
    company = customers.create_company(
        {
            "name": item.name,
            "country": item.country,
            "website": f"https://www.{item.domain}",
            "phone": item.phone,
            "addresses": [item.address],
            "owner": str(_owner(org, item.region, item.owner_slot).pk),
            "lifecycle_stage": item.lifecycle_stage,
            "source": item.source,
            "tags": item.tags,
            "industry": item.industry,
            "vat_number": item.vat_number,
            "tax_id": item.tax_id,
        },
        actor=org.admin,
    )
    return company.pk


def _create_contact(org: Organisation, item: ContactRecord, company_ids: list[uuid.UUID]) -> None:
    data: dict[str, Any] = {
        "given_name": item.given_name,
        "family_name": item.family_name,
        "latin_given_name": item.latin_given_name,
        "latin_family_name": item.latin_family_name,
        "language": item.language,
        "locale": item.locale,
        "time_zone": item.time_zone,
        "country": item.country,
        "emails": [{"value": v, "label": label} for v, label in item.emails],
        "phones": [{"value": v, "label": label} for v, label in item.phones],
        "addresses": [item.address],
        "owner": str(_owner(org, item.region, item.owner_slot).pk),
        "lifecycle_stage": item.lifecycle_stage,
        "source": item.source,
        "tags": item.tags,
    }
    if item.company is not None:
        data["companies"] = [{"company": str(company_ids[item.company]), "title": item.title}]
    customers.create_contact(data, actor=org.admin)


# --- the bulk path -------------------------------------------------------------------------------


@cache
def _language(tag: str) -> str:
    return validate_language(tag)


class _BulkWriter:
    """Writes records as plain rows (kernel.bulk), one transaction per batch.

    A second process turns records into rows (the Python-heavy part: names, search documents)
    while this one inserts the previous batch, so both cores work on a 2-core machine.
    """

    def __init__(
        self, org: Organisation, world: DemoWorld, company_ids: list[uuid.UUID], seed: int
    ) -> None:
        self.world = world
        self.company_ids = company_ids
        self.seed = seed
        Tag.objects.bulk_create([Tag(name=n) for n in TAGS], ignore_conflicts=True)
        self.tag_ids = dict(Tag.objects.filter(name__in=TAGS).values_list("name", "id"))
        self.region_ids = {code: region.pk for code, region in org.regions.items()}
        codes = {region.pk: code for code, region in org.regions.items()}
        # Keys are made (in development) before the loader forks: one keyring file for both.
        for code in codes.values():
            crypto.keyring().current_key_id(code)
        crypto.keyring().index_key()
        self.owner_ids = {code: [u.pk for u in users] for code, users in org.reps.items()}
        self.company_table = Table(
            Company,
            [
                "id",
                "name",
                "legal_name",
                "latin_name",
                "country",
                "region",
                "website",
                "industry",
                "vat_number",
                "tax_id",
                "phone",
                "addresses",
                "owner",
                "lifecycle_stage",
                "source",
                "custom_fields",
                "sort_name",
                "search_document",
            ],
        )
        self.company_tags = Table(Company.tags.through, ["company", "tag"])
        self.contact_table = Table(
            Contact,
            [
                "id",
                "given_name",
                "family_name",
                "latin_given_name",
                "latin_family_name",
                "language",
                "locale",
                "time_zone",
                "country",
                "region",
                "addresses",
                "owner",
                "lifecycle_stage",
                "source",
                "custom_fields",
                "sort_name",
                "search_document",
            ],
            domain=lambda row: codes[row[9]],  # the region column: its key seals the address
        )
        self.point_table = Table(
            ContactPoint,
            [
                "id",
                "contact",
                "kind",
                "label",
                "value",
                "value_index",
                "domain_index",
                "is_primary",
                "position",
            ],
        )
        self.job_table = Table(Employment, ["id", "contact", "company", "title", "is_primary"])
        self.contact_tags = Table(Contact.tags.through, ["contact", "tag"])

    def companies(self, items: list[CompanyRecord], batch_size: int) -> None:
        for start in range(0, len(items), batch_size):
            rows: list[tuple[Any, ...]] = []
            tag_rows: list[tuple[Any, ...]] = []
            for item in items[start : start + batch_size]:
                website = f"https://www.{item.domain}"
                company_id = self.company_ids[item.index]
                rows.append(
                    (
                        company_id,
                        item.name,
                        "",
                        "",
                        item.country,
                        self.region_ids[item.region],
                        website,
                        item.industry,
                        item.vat_number,
                        item.tax_id,
                        item.phone,
                        [item.address],
                        self.owner_ids[item.region][item.owner_slot],
                        item.lifecycle_stage,
                        item.source,
                        {},
                        search_document.fold(item.name)[:200],
                        search_document.company_document(item.name, "", "", website, item.phone),
                    )
                )
                tag_rows += [(company_id, self.tag_ids[t]) for t in item.tags]
            with transaction.atomic():
                self.company_table.insert(rows)
                self.company_tags.insert(tag_rows)

    def contacts(self, first: int, batch_size: int, progress: Progress | None) -> None:
        starts = range(first, self.world.contact_count, batch_size)
        with memoised_phone_terms():
            if len(starts) < 2:
                self._insert_all((self.rows(s, batch_size) for s in starts), progress)
                return
            global _WRITER
            _WRITER = self  # the forked process inherits it: pools and ids are not pickled
            with multiprocessing.get_context("fork").Pool(1) as pool:
                tasks = [(s, batch_size) for s in starts]
                self._insert_all(pool.imap(_rows_in_child, tasks), progress)
            _WRITER = None

    def _insert_all(self, batches: Iterator[_Rows], progress: Progress | None) -> None:
        for contacts, points, jobs, tag_rows in batches:
            with transaction.atomic():
                self.contact_table.insert_prepared(contacts)
                self.point_table.insert_prepared(points)
                self.job_table.insert_prepared(jobs)
                self.contact_tags.insert_prepared(tag_rows)
            if progress:
                progress(len(contacts))

    def rows(self, start: int, count: int) -> _Rows:
        """The rows of contacts number `start` to `start + count`, prepared for the driver."""
        ids = random.Random(f"{self.seed}:contact-ids:{start}")

        def new_id() -> uuid.UUID:
            return uuid.UUID(int=ids.getrandbits(128), version=4)

        contacts: list[tuple[Any, ...]] = []
        points: list[tuple[Any, ...]] = []
        jobs: list[tuple[Any, ...]] = []
        tag_rows: list[tuple[Any, ...]] = []
        point_domains: list[str] = []
        companies = self.world.companies
        for item in self.world.contacts(start, start + count):
            contact_id = new_id()
            employer = companies[item.company].name if item.company is not None else None
            contacts.append(
                (
                    contact_id,
                    item.given_name,
                    item.family_name,
                    item.latin_given_name,
                    item.latin_family_name,
                    _language(item.language),
                    _language(item.locale),
                    item.time_zone,
                    item.country,
                    self.region_ids[item.region],
                    [item.address],
                    self.owner_ids[item.region][item.owner_slot],
                    item.lifecycle_stage,
                    item.source,
                    {},
                    # The same two functions customers.indexing.refresh_contact_search uses.
                    names.sort_key(
                        names.PersonName(
                            given=item.given_name,
                            family=item.family_name,
                            latin_given=item.latin_given_name,
                            latin_family=item.latin_family_name,
                            country=item.country,
                            language=item.language,
                        )
                    )[:200],
                    search_document.contact_document(
                        item.given_name,
                        item.family_name,
                        item.latin_given_name,
                        item.latin_family_name,
                        [employer] if employer else [],
                    ),
                )
            )
            for kind, values in (("email", item.emails), ("phone", item.phones)):
                points += [
                    (
                        new_id(),
                        contact_id,
                        kind,
                        label,
                        value,
                        crypto.blind_index(kind, value),
                        email_domain_index(value) if kind == "email" else "",
                        position == 0,
                        position,
                    )
                    for position, (value, label) in enumerate(values)
                ]
                point_domains += [item.region] * len(values)
            if item.company is not None:
                jobs.append(
                    (new_id(), contact_id, self.company_ids[item.company], item.title, True)
                )
            tag_rows += [(contact_id, self.tag_ids[t]) for t in item.tags]
        return (
            self.contact_table.prepare(contacts),
            self.point_table.prepare(points, point_domains),
            self.job_table.prepare(jobs),
            self.contact_tags.prepare(tag_rows),
        )


_Rows = tuple[
    list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]
_WRITER: _BulkWriter | None = None


def _rows_in_child(task: tuple[int, int]) -> _Rows:
    assert _WRITER is not None
    return _WRITER.rows(*task)


@contextmanager
def memoised_phone_terms() -> Iterator[None]:
    """Search documents hold each phone's digits in two forms, found by parsing and formatting
    the number: half the cost of a document. Pooled numbers repeat, so remember them."""
    original = search_document.phone_terms
    search_document.phone_terms = cache(original)
    try:
        yield
    finally:
        search_document.phone_terms = original
