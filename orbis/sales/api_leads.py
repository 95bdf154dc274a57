"""REST endpoints for leads: capture, list, read, qualify, convert (conventions of sales.api:
404 outside the caller's regions, Idempotency-Key on creates, If-Match on updates, cursors,
unknown query parameters refused). A lead names a person, so every read is audited."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from orbis.identity.api_auth import api_user
from orbis.kernel.http import api_version, idempotent, json_response
from orbis.kernel.ids import record_id
from orbis.kernel.iso import IsoDate, IsoDateTime
from orbis.kernel.registry import registry
from orbis.kernel.web.cursors import encode_cursor

from .api import READ, UPDATE, WRITE, _after, _refuse_unknown
from .models import Lead, LeadSource, LeadStatus
from .querysets import access_lead
from .schemas import COUNTRY, CURRENCY, DECIMAL, Strict
from .services import leads

router = Router(tags=["leads"])
TARGET = "sales.lead"


class LeadCreate(Schema):
    """The person and their interest; an email or a phone, a name and a country are required.
    An existing contact with this email is reused, not duplicated."""

    model_config = Strict

    given_name: str = ""
    family_name: str = ""
    email: str = ""
    phone: str = ""
    company_name: str = ""
    job_title: str = ""
    country: str = Field(..., json_schema_extra=COUNTRY)
    language: str = ""
    message: str = ""
    source: str = Field(LeadSource.API, description=", ".join(LeadSource.values))


class LeadPatch(Schema):
    """Qualification: status (not converted: convert does that), score 0-100, owner."""

    model_config = Strict

    status: str | None = Field(None, description="new, working, qualified, unqualified")
    score: int | None = None
    owner: UUID | None = None


class ConvertDeal(Schema):
    model_config = Strict

    pipeline: UUID
    name: str | None = None
    amount: str | None = Field(None, json_schema_extra=DECIMAL)
    currency: str | None = Field(None, json_schema_extra=CURRENCY)
    close_date: IsoDate
    market: str | None = Field(None, json_schema_extra=COUNTRY)


class LeadConvert(Schema):
    """The deal to open; the company: an existing one's id, or create_company to make one
    from the name the person gave (refused while one of that name exists, unless true)."""

    model_config = Strict

    deal: ConvertDeal
    company: UUID | None = None
    create_company: bool = False
    contact: UUID | None = Field(None, description="An existing contact to use instead")


class LeadOut(Schema):
    id: UUID
    contact: UUID
    contact_name: str
    status: str
    score: int
    source: str
    web_form: UUID | None
    owner: UUID | None
    company_name: str
    job_title: str
    message: str
    market: str | None
    region: str
    company: UUID | None
    deal: UUID | None
    converted_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LeadPage(Schema):
    items: list[LeadOut]
    next_cursor: str | None


class LeadFilters(Schema):
    status: str | None = Field(None, pattern="^(" + "|".join(LeadStatus.values) + ")$")
    source: str | None = Field(None, pattern="^(" + "|".join(LeadSource.values) + ")$")
    owner: UUID | None = None
    created_after: IsoDateTime | None = None
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


def _uuid(value: Any) -> str | None:
    return None if value is None else str(value)


def lead_representation(lead: Lead) -> dict[str, Any]:
    return {
        "id": str(lead.pk),
        "contact": str(lead.contact_id),
        "contact_name": lead.contact.display_name,
        "status": lead.status,
        "score": lead.score,
        "source": lead.source,
        "web_form": _uuid(lead.web_form_id),
        "owner": _uuid(lead.owner_id),
        "company_name": lead.company_name,
        "job_title": lead.job_title,
        "message": lead.message,
        "market": lead.market.country if lead.market else None,
        "region": lead.region.code,
        "company": _uuid(lead.company_id),
        "deal": _uuid(lead.deal_id),
        "converted_at": lead.converted_at,
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
    }


def _details(rows: QuerySet[Lead]) -> QuerySet[Lead]:
    return rows.select_related("contact", "market", "region")


def _lead_response(user: Any, pk: Any, status: int = 200) -> HttpResponse:
    lead = access_lead(user, pk)
    lead = _details(Lead.objects.filter(pk=lead.pk)).get()
    registry.personal_data_read(user, TARGET, [lead.pk], "api")
    headers = {"ETag": lead.etag}
    if status == 201:
        headers["Location"] = f"/api/v1/leads/{lead.pk}"
    return json_response(lead_representation(lead), status=status, headers=headers)


@router.get("/leads", response={200: LeadPage, **READ})
def list_leads(request: HttpRequest, filters: Query[LeadFilters]) -> HttpResponse:
    """Leads the caller may see, newest first; follow `next_cursor` for more."""
    _refuse_unknown(request, LeadFilters)
    user = api_user(request)
    rows = _details(Lead.objects.visible_to(user))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.source:
        rows = rows.filter(source=filters.source)
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    if filters.created_after:
        rows = rows.filter(created_at__gte=filters.created_after)
    if filters.cursor:
        created, pk = _after(filters.cursor)
        moment = datetime.datetime.fromisoformat(str(created))
        rows = rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__gt=pk))
    page = list(rows.order_by("-created_at", "id")[: filters.limit + 1])
    cursor = None
    if len(page) > filters.limit:
        page = page[: filters.limit]
        cursor = encode_cursor(page[-1].created_at.isoformat(), page[-1].pk)
    registry.personal_data_read(user, TARGET, [lead.pk for lead in page], "api")
    return json_response({"items": [lead_representation(x) for x in page], "next_cursor": cursor})


@router.post("/leads", response={201: LeadOut, **WRITE})
def create_lead(request: HttpRequest, payload: LeadCreate) -> HttpResponse:
    """Capture a lead. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = payload.model_dump(mode="json", exclude_unset=True)

    def produce() -> HttpResponse:
        lead = leads.capture_lead(data, actor=user)
        return _lead_response(user, lead.pk, status=201)

    return idempotent(request, str(user.pk), produce)


@router.get("/leads/{lead_id}", response={200: LeadOut, **READ})
def get_lead(request: HttpRequest, lead_id: str) -> HttpResponse:
    """One lead, with its ETag for a later update."""
    return _lead_response(api_user(request), record_id(lead_id))


@router.patch("/leads/{lead_id}", response={200: LeadOut, **UPDATE})
def update_lead(request: HttpRequest, lead_id: str, payload: LeadPatch) -> HttpResponse:
    """Qualify: change status, score or owner. If-Match must carry the ETag."""
    user, pk = api_user(request), record_id(lead_id)
    data = payload.model_dump(mode="json", exclude_unset=True)
    with api_version(request, required=True) as version:
        leads.qualify_lead(pk, data, actor=user, version=version)
    return _lead_response(user, pk)


@router.post("/leads/{lead_id}/convert", response={200: LeadOut, **UPDATE})
def convert_lead(request: HttpRequest, lead_id: str, payload: LeadConvert) -> HttpResponse:
    """Make the deal (and the company) in one step. If-Match is checked when sent."""
    user, pk = api_user(request), record_id(lead_id)
    data = payload.model_dump(mode="json", exclude_unset=True)
    deal = {k: v for k, v in data["deal"].items() if v is not None}
    with api_version(request, required=False) as version:
        leads.convert_lead(
            pk,
            actor=user,
            deal=deal,
            company=data.get("company"),
            create_company=data.get("create_company", False),
            contact=data.get("contact"),
            version=version,
        )
    return _lead_response(user, pk)
