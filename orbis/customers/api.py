"""REST endpoints for contacts and companies: thin wrappers that scope, call a service, render.

Reads start at visible_to(user), so a record outside the caller's regions answers 404 exactly
like one that does not exist. Writes go through the services, which check permissions and
validate values. Single records carry an ETag; updates need If-Match; creates honour
Idempotency-Key.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from ninja import Query, Router

from orbis.identity.api_auth import api_user
from orbis.kernel.errors import NotFound, ValidationError
from orbis.kernel.http import api_version, idempotent, json_response
from orbis.kernel.ids import record_id
from orbis.kernel.registry import registry
from orbis.kernel.web.cursors import BadCursor, decode_cursor, encode_cursor

from . import services
from .models import Company, Contact, Source
from .read_model import read_contact
from .schemas import (
    CompanyCreate,
    CompanyOut,
    CompanyPage,
    CompanyPatch,
    ContactCreate,
    ContactOut,
    ContactPage,
    ContactPatch,
    ListFilters,
    Problem,
    company_representation,
    contact_representation,
)
from .search import search_companies, search_contacts

contacts = Router()
companies = Router()

READ_ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: Problem, 413: Problem}
UPDATE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 412: Problem, 428: Problem}


# --- reading -----------------------------------------------------------------------------------


def _one_company(user: Any, company_id: Any) -> Company:
    company = Company.objects.visible_to(user).with_details().filter(pk=company_id).first()
    if company is None:
        raise NotFound("No such company.")
    return company


def _contact_response(user: Any, pk: Any, status: int = 200) -> HttpResponse:
    """The contact as `user` may see it, with its ETag (and its Location when just created)."""
    representation, etag = read_contact(user, pk)
    headers = {"ETag": etag}
    if status == 201:
        headers["Location"] = f"/api/v1/contacts/{pk}"
    return json_response(representation, status=status, headers=headers)


def _company_response(company: Company, status: int = 200) -> HttpResponse:
    headers = {"ETag": company.etag}
    if status == 201:
        headers["Location"] = f"/api/v1/companies/{company.pk}"
    return json_response(company_representation(company), status=status, headers=headers)


# --- lists -------------------------------------------------------------------------------------


def _after(cursor: str) -> tuple[Any, Any]:
    """The (sort name, pk) of the row the previous page ended on."""
    try:
        return decode_cursor(cursor)
    except BadCursor:
        raise ValidationError({"cursor": "Not a cursor this API handed out."}) from None


_FILTER_NAMES = frozenset(ListFilters.model_fields)


def _refuse_unknown_parameters(request: HttpRequest) -> None:
    """A misspelt filter would otherwise be ignored and silently return everything."""
    unknown = sorted(set(request.GET) - _FILTER_NAMES)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown query parameter."))


def _filtered[M: (Contact, Company)](queryset: QuerySet[M], filters: ListFilters) -> QuerySet[M]:
    if filters.country:
        queryset = queryset.filter(country=filters.country.strip().upper())
    if filters.region:
        queryset = queryset.filter(region__code=filters.region.strip().lower())
    if filters.owner:
        queryset = queryset.filter(owner_id=filters.owner)
    if filters.tag:
        queryset = queryset.filter(tags__name=slugify(filters.tag, allow_unicode=True))
    if filters.lifecycle_stage:
        queryset = queryset.filter(lifecycle_stage=filters.lifecycle_stage)
    if filters.updated_since:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        queryset = queryset.filter(updated_at__gte=since)
    queryset = queryset.filter(archived_at__isnull=not filters.archived)
    if filters.cursor:
        sort_name, pk = _after(filters.cursor)
        queryset = queryset.filter(Q(sort_name__gt=sort_name) | Q(sort_name=sort_name, pk__gt=pk))
    return queryset.order_by("sort_name", "id")


def _page[M: (Contact, Company)](
    queryset: QuerySet[M],
    limit: int,
    represent: Callable[[M], dict[str, Any]],
    read_by: Any = None,
    channel: str = "api",
) -> HttpResponse:
    rows = list(queryset[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].sort_name, rows[-1].pk)
    if read_by is not None:  # personal data: audited (and logged as a transfer across regions)
        registry.personal_data_read(read_by, "customers.contact", [r.pk for r in rows], channel)
    return json_response({"items": [represent(r) for r in rows], "next_cursor": next_cursor})


# --- contacts ----------------------------------------------------------------------------------


@contacts.get("/contacts", response={200: ContactPage, **READ_ERRORS})
def list_contacts(request: HttpRequest, filters: Query[ListFilters]) -> HttpResponse:
    """Contacts the caller may see, ordered by name; follow `next_cursor` for more."""
    _refuse_unknown_parameters(request)
    user = api_user(request)
    if filters.q:
        queryset = search_contacts(user, filters.q, include_archived=True)
    else:
        queryset = Contact.objects.visible_to(user)
    queryset = _filtered(queryset.with_details(), filters)
    channel = "api_search" if filters.q else "api_list"
    return _page(queryset, filters.limit, contact_representation, read_by=user, channel=channel)


@contacts.post("/contacts", response={201: ContactOut, **WRITE_ERRORS})
def create_contact(request: HttpRequest, payload: ContactCreate) -> HttpResponse:
    """Create a contact. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = payload.model_dump(mode="json", exclude_unset=True)
    data.setdefault("source", Source.API.value)

    def produce() -> HttpResponse:
        contact = services.create_contact(data, actor=user)
        return _contact_response(user, contact.pk, status=201)

    return idempotent(request, str(user.pk), produce)


@contacts.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: str) -> HttpResponse:
    """One contact, with its ETag for a later update."""
    user, pk = api_user(request), record_id(contact_id)
    response = _contact_response(user, pk)
    registry.personal_data_read(user, "customers.contact", [pk], "api")
    return response


def _change_contact(
    request: HttpRequest, contact_id: str, change: Callable[..., Any], *, required: bool
) -> HttpResponse:
    """Apply `change` (a service) with the caller as actor and If-Match as the version."""
    user = api_user(request)
    pk = record_id(contact_id)
    with api_version(request, required=required) as version:
        change(pk, actor=user, version=version)
    return _contact_response(user, pk)


@contacts.patch("/contacts/{contact_id}", response={200: ContactOut, **UPDATE_ERRORS})
def update_contact(request: HttpRequest, contact_id: str, payload: ContactPatch) -> HttpResponse:
    """Change some fields. If-Match must carry the ETag you last read (428 without, 412 stale)."""
    data = payload.model_dump(mode="json", exclude_unset=True)
    return _change_contact(
        request,
        contact_id,
        lambda pk, **kw: services.update_contact(pk, data, **kw),
        required=True,
    )


@contacts.post("/contacts/{contact_id}/archive", response={200: ContactOut, **UPDATE_ERRORS})
def archive_contact(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Archive: hidden from lists unless archived=true. If-Match is checked when sent."""
    return _change_contact(request, contact_id, services.archive_contact, required=False)


@contacts.post("/contacts/{contact_id}/restore", response={200: ContactOut, **UPDATE_ERRORS})
def restore_contact(request: HttpRequest, contact_id: str) -> HttpResponse:
    """Bring an archived contact back. If-Match is checked when sent."""
    return _change_contact(request, contact_id, services.restore_contact, required=False)


# --- companies ---------------------------------------------------------------------------------


@companies.get("/companies", response={200: CompanyPage, **READ_ERRORS})
def list_companies(request: HttpRequest, filters: Query[ListFilters]) -> HttpResponse:
    """Companies the caller may see, ordered by name; follow `next_cursor` for more."""
    _refuse_unknown_parameters(request)
    user = api_user(request)
    if filters.q:
        queryset = search_companies(user, filters.q, include_archived=True)
    else:
        queryset = Company.objects.visible_to(user)
    queryset = _filtered(queryset.with_details(), filters)
    return _page(queryset, filters.limit, company_representation)


@companies.post("/companies", response={201: CompanyOut, **WRITE_ERRORS})
def create_company(request: HttpRequest, payload: CompanyCreate) -> HttpResponse:
    """Create a company. Send an Idempotency-Key to make retries safe."""
    user = api_user(request)
    data = payload.model_dump(mode="json", exclude_unset=True)
    data.setdefault("source", Source.API.value)

    def produce() -> HttpResponse:
        company = services.create_company(data, actor=user)
        return _company_response(_one_company(user, company.pk), status=201)

    return idempotent(request, str(user.pk), produce)


@companies.get("/companies/{company_id}", response={200: CompanyOut, **READ_ERRORS})
def get_company(request: HttpRequest, company_id: str) -> HttpResponse:
    """One company, with its ETag for a later update."""
    return _company_response(_one_company(api_user(request), record_id(company_id)))


def _change_company(
    request: HttpRequest, company_id: str, change: Callable[..., Any], *, required: bool
) -> HttpResponse:
    """Apply `change` (a service) with the caller as actor and If-Match as the version."""
    user = api_user(request)
    pk = record_id(company_id)
    with api_version(request, required=required) as version:
        change(pk, actor=user, version=version)
    return _company_response(_one_company(user, pk))


@companies.patch("/companies/{company_id}", response={200: CompanyOut, **UPDATE_ERRORS})
def update_company(request: HttpRequest, company_id: str, payload: CompanyPatch) -> HttpResponse:
    """Change some fields. If-Match must carry the ETag you last read (428 without, 412 stale)."""
    data = payload.model_dump(mode="json", exclude_unset=True)
    return _change_company(
        request,
        company_id,
        lambda pk, **kw: services.update_company(pk, data, **kw),
        required=True,
    )


@companies.post("/companies/{company_id}/archive", response={200: CompanyOut, **UPDATE_ERRORS})
def archive_company(request: HttpRequest, company_id: str) -> HttpResponse:
    """Archive: hidden from lists unless archived=true. If-Match is checked when sent."""
    return _change_company(request, company_id, services.archive_company, required=False)


@companies.post("/companies/{company_id}/restore", response={200: CompanyOut, **UPDATE_ERRORS})
def restore_company(request: HttpRequest, company_id: str) -> HttpResponse:
    """Bring an archived company back. If-Match is checked when sent."""
    return _change_company(request, company_id, services.restore_company, required=False)
