"""The API's shapes of contacts and companies, in and out.

Input schemas refuse unknown fields, so a typo is a 422 naming the field instead of being
ignored; they check types only, the services check values (emails, phones, addresses,
countries, custom fields) and name each bad field. Output is built by hand in
`contact_representation` / `company_representation` because the single-record GET is hot;
ContactOut and CompanyOut document it in OpenAPI, and a test holds the two together.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

from orbis.kernel.iso import IsoDateTime

from .models import Company, Contact, Honorific, LifecycleStage, Source

Strict = ConfigDict(extra="forbid")
# What the document says of a country code; the services check it is a real ISO 3166 one.
COUNTRY_CODE: dict[str, Any] = {"pattern": "^[A-Za-z]{2}$"}


# --- input -------------------------------------------------------------------------------------


class PointIn(Schema):
    model_config = Strict

    value: str
    label: str | None = Field(None, description="work, home, mobile...; defaults to work")
    primary: bool = False


class AddressIn(Schema):
    model_config = Strict

    kind: str | None = Field(None, description="work, home, billing...; defaults to work")
    name: str | None = None
    street_address: str | None = None
    city: str | None = None
    city_area: str | None = None
    postal_code: str | None = None
    country_area: str | None = None
    sorting_code: str | None = None
    country: str | None = Field(
        None,
        description="ISO 3166-1 alpha-2; defaults to the record's",
        json_schema_extra=COUNTRY_CODE,
    )


class EmploymentIn(Schema):
    model_config = Strict

    company: UUID
    title: str | None = None


class ContactPatch(Schema):
    """Fields to change; those left out keep their value, null clears one."""

    model_config = Strict

    given_name: str | None = None
    family_name: str | None = None
    latin_given_name: str | None = None
    latin_family_name: str | None = None
    honorific: Honorific | None = Field(
        None, description='How a formal greeting addresses the person: "" (none), mr, ms or mx'
    )
    academic_title: str | None = Field(None, description="As the person uses it, e.g. Dr.")
    language: str | None = Field(None, description="BCP 47, e.g. de or pt-BR")
    locale: str | None = None
    time_zone: str | None = Field(None, description="IANA, e.g. Europe/Berlin")
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2", json_schema_extra=COUNTRY_CODE
    )
    region: str | None = Field(None, description="Region code; defaults to the country's")
    emails: list[PointIn] | None = None
    phones: list[PointIn] | None = Field(None, description="Any format; stored as E.164")
    addresses: list[AddressIn] | None = None
    birth_date: datetime.date | None = Field(None, description="YYYY-MM-DD; encrypted at rest")
    owner: UUID | None = Field(None, description="User id")
    tags: list[str] | None = None
    lifecycle_stage: LifecycleStage | None = None
    source: Source | None = None
    custom_fields: dict[str, Any] | None = None
    companies: list[EmploymentIn] | None = None


def _named(*fields: str) -> dict[str, Any]:
    """The document's way of saying "one of these names, not blank" (the service checks too)."""
    filled = {"type": "string", "pattern": "\\S"}
    return {"anyOf": [{"required": [f], "properties": {f: filled}} for f in fields]}


class ContactCreate(ContactPatch):
    """A new contact: a country and a given or family name at least."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_named("given_name", "family_name"))

    country: str = Field(..., description="ISO 3166-1 alpha-2", json_schema_extra=COUNTRY_CODE)


class CompanyPatch(Schema):
    """Fields to change; those left out keep their value, null clears one."""

    model_config = Strict

    name: str | None = None
    legal_name: str | None = None
    latin_name: str | None = None
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2", json_schema_extra=COUNTRY_CODE
    )
    region: str | None = Field(None, description="Region code; defaults to the country's")
    website: str | None = None
    industry: str | None = None
    vat_number: str | None = Field(
        None,
        description="VAT or GST number of the company's country, any format (the country "
        "prefix may be left out); checked with python-stdnum, stored compact",
    )
    tax_id: str | None = Field(
        None,
        description="National tax or company number (e.g. EIN, CNPJ, Steuernummer, Corporate "
        "Number); checked with python-stdnum, stored compact",
    )
    phone: str | None = Field(None, description="Any format; stored as E.164")
    addresses: list[AddressIn] | None = None
    owner: UUID | None = Field(None, description="User id")
    tags: list[str] | None = None
    lifecycle_stage: LifecycleStage | None = None
    source: Source | None = None
    custom_fields: dict[str, Any] | None = None


class CompanyCreate(CompanyPatch):
    """A new company: a name and a country at least."""

    name: str = Field(..., json_schema_extra={"pattern": "\\S"})
    country: str = Field(..., description="ISO 3166-1 alpha-2", json_schema_extra=COUNTRY_CODE)


# --- output ------------------------------------------------------------------------------------


class PointOut(Schema):
    value: str
    label: str
    primary: bool


class EmploymentOut(Schema):
    company: UUID
    name: str
    title: str


class ContactOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    latin_given_name: str
    latin_family_name: str
    honorific: Honorific
    academic_title: str
    display_name: str
    language: str
    locale: str
    time_zone: str
    country: str
    region: str
    emails: list[PointOut]
    phones: list[PointOut]
    addresses: list[dict[str, str]]
    birth_date: datetime.date | None
    owner: UUID | None
    tags: list[str]
    lifecycle_stage: LifecycleStage
    source: Source
    custom_fields: dict[str, Any]
    companies: list[EmploymentOut]
    archived_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CompanyOut(Schema):
    id: UUID
    name: str
    legal_name: str
    latin_name: str
    country: str
    region: str
    website: str
    industry: str
    vat_number: str = Field(description="Compact form, e.g. DE136695976")
    tax_id: str = Field(description="Compact form, e.g. 16727230000197")
    phone: str
    addresses: list[dict[str, str]]
    owner: UUID | None
    tags: list[str]
    lifecycle_stage: LifecycleStage
    source: Source
    custom_fields: dict[str, Any]
    archived_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


NEXT_CURSOR = "Pass as `cursor` for the next page; null at the end"


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class CompanyPage(Schema):
    items: list[CompanyOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class ProblemField(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details; `errors` names each field that was wrong."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemField] | None = None


# --- list filters ------------------------------------------------------------------------------


class ListFilters(Schema):
    model_config = Strict

    # A filter is checked here (a list silently empty for "Germany" helps no one).
    country: str | None = Field(None, description="ISO 3166-1 alpha-2", pattern="^[A-Za-z]{2}$")
    region: str | None = Field(None, description="Region code, e.g. emea")
    owner: UUID | None = Field(None, description="User id of the owner")
    tag: str | None = None
    lifecycle_stage: LifecycleStage | None = None
    updated_since: IsoDateTime | None = Field(
        None, description="ISO 8601; without an offset it is read as UTC"
    )
    archived: bool = Field(False, description="true lists archived records instead of active ones")
    q: str | None = Field(None, description="Search names (any script), emails, phones, companies")
    cursor: str | None = Field(None, description="next_cursor of the previous page")
    limit: int = Field(50, ge=1, le=200)


# --- representations ---------------------------------------------------------------------------


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def contact_representation(contact: Contact) -> dict[str, Any]:
    """The contact as the API shows it; expects points, tags, employments+company prefetched."""
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    for point in contact.points.all():
        item = {"value": point.value, "label": point.label, "primary": point.is_primary}
        (emails if point.kind == "email" else phones).append(item)
    return {
        "id": str(contact.pk),
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "latin_given_name": contact.latin_given_name,
        "latin_family_name": contact.latin_family_name,
        "honorific": contact.honorific,
        "academic_title": contact.academic_title,
        "display_name": contact.display_name,
        "language": contact.language,
        "locale": contact.locale,
        "time_zone": contact.time_zone,
        "country": contact.country,
        "region": contact.region.code,
        "emails": emails,
        "phones": phones,
        "addresses": contact.addresses,
        "birth_date": contact.birth_date.isoformat() if contact.birth_date else None,
        "owner": str(contact.owner_id) if contact.owner_id else None,
        "tags": [tag.name for tag in contact.tags.all()],
        "lifecycle_stage": contact.lifecycle_stage,
        "source": contact.source,
        "custom_fields": contact.custom_fields,
        "companies": [
            {"company": str(job.company_id), "name": job.company.name, "title": job.title}
            for job in contact.employments.all()
        ],
        "archived_at": _iso(contact.archived_at),
        "created_at": _iso(contact.created_at),
        "updated_at": _iso(contact.updated_at),
    }


def company_representation(company: Company) -> dict[str, Any]:
    """The company as the API shows it; expects tags prefetched."""
    return {
        "id": str(company.pk),
        "name": company.name,
        "legal_name": company.legal_name,
        "latin_name": company.latin_name,
        "country": company.country,
        "region": company.region.code,
        "website": company.website,
        "industry": company.industry,
        "vat_number": company.vat_number,
        "tax_id": company.tax_id,
        "phone": company.phone,
        "addresses": company.addresses,
        "owner": str(company.owner_id) if company.owner_id else None,
        "tags": [tag.name for tag in company.tags.all()],
        "lifecycle_stage": company.lifecycle_stage,
        "source": company.source,
        "custom_fields": company.custom_fields,
        "archived_at": _iso(company.archived_at),
        "created_at": _iso(company.created_at),
        "updated_at": _iso(company.updated_at),
    }
