"""Contact and company pages: lists with filters and keyset pages, details, forms, archive.

Every read starts at visible_to(request.user) or access_contact/access_company, so a record
outside the user's regions is a 404 here exactly as in the API.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.identity.access import grants_for, has_permission
from orbis.identity.models import User
from orbis.kernel.errors import NotFound, PermissionDenied, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import RecordLink, registry
from orbis.localisation.models import Region

from . import services
from .address_form import AddressForm, AddressFormSet, address_initial
from .forms import (
    CompanyForm,
    ContactForm,
    EmailFormSet,
    EmploymentForm,
    EmploymentFormSet,
    PhoneFormSet,
    PointForm,
    attach_errors,
)
from .models import (
    Company,
    Contact,
    ContactPoint,
    CustomFieldDefinition,
    Employment,
    LifecycleStage,
)
from .querysets import access_company, access_contact
from .search import narrow, possible_duplicates, search_companies

PAGE_SIZE = 50


def permission_required(
    code: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in (else to the login page) and holding `code` (else 403); NotFound becomes 404."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_permission(request.user, code):
                raise DjangoPermissionDenied(code)
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from None

        return wrapped

    return decorate


# --- keyset pages --------------------------------------------------------------------------------

SORTS = {"name": ("sort_name", False), "updated": ("updated_at", True)}


@dataclass
class KeysetPage:
    """One page of rows and the cursors around it; no COUNT(*) over a million rows."""

    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None


def _encode_cursor(row: Any, field: str) -> str:
    value = getattr(row, field)
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    raw = json.dumps([value, str(row.pk)], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, field: str) -> tuple[Any, str] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if field == "updated_at":
            value = datetime.datetime.fromisoformat(value)
        return value, str(pk)
    except (ValueError, TypeError):
        return None


def keyset_page(
    queryset: QuerySet, sort: str, after: str, before: str, size: int = PAGE_SIZE
) -> KeysetPage:
    field, descending = SORTS[sort]
    backwards = bool(before) and not after
    cursor = _decode_cursor(before if backwards else after, field) if (after or before) else None
    if cursor is not None:
        value, pk = cursor
        greater = descending == backwards  # rows further along the walk direction
        op = "gt" if greater else "lt"
        queryset = queryset.filter(
            Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"id__{op}": pk})
        )
    ascending = descending == backwards
    order = [field, "id"] if ascending else [f"-{field}", "-id"]
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    has_next = True if backwards else more
    has_previous = more if backwards else cursor is not None
    return KeysetPage(
        rows=rows,
        next_cursor=_encode_cursor(rows[-1], field) if rows and has_next else None,
        previous_cursor=_encode_cursor(rows[0], field) if rows and has_previous else None,
    )


# --- lists ---------------------------------------------------------------------------------------


def _filtered(request: HttpRequest, queryset: QuerySet) -> tuple[QuerySet, dict[str, str]]:
    params = {
        name: request.GET.get(name, "").strip()[:100]
        for name in ("q", "country", "region", "owner", "tag", "stage", "archived", "sort")
    }
    if params["q"]:
        queryset = narrow(queryset, params["q"])
    if params["country"]:
        queryset = queryset.filter(country=params["country"].upper())
    if params["region"]:
        queryset = queryset.filter(region__code=params["region"])
    if params["owner"] == "me":
        queryset = queryset.filter(owner=request.user)
    elif params["owner"]:
        queryset = (
            queryset.filter(owner_id=params["owner"])
            if parse_uuid(params["owner"])
            else queryset.none()
        )
    if params["tag"]:
        queryset = queryset.filter(tags__name=params["tag"])
    if params["stage"]:
        queryset = queryset.filter(lifecycle_stage=params["stage"])
    if params["archived"] == "only":
        queryset = queryset.filter(archived_at__isnull=False)
    elif params["archived"] != "all":
        queryset = queryset.filter(archived_at__isnull=True)
    if params["sort"] not in SORTS:
        params["sort"] = "name"
    return queryset, params


def _list_context(request: HttpRequest, queryset: QuerySet, nav: str) -> dict[str, Any]:
    queryset, params = _filtered(request, queryset)
    page = keyset_page(
        queryset,
        params["sort"],
        request.GET.get("after", ""),
        request.GET.get("before", ""),
        PAGE_SIZE,
    )
    base = {k: v for k, v in params.items() if v}
    return {
        "nav": nav,
        "page": page,
        "params": params,
        "base_query": base,
        "stages": LifecycleStage.choices,
        "regions": Region.objects.all(),
        "owners": User.objects.filter(is_active=True).only(
            "id", "username", "first_name", "last_name"
        ),
        "can_add": has_permission(request.user, "customers.add"),
    }


# Columns the list never shows: left unread, so a page decrypts no addresses or birth dates.
_LIST_DEFERRED = ("addresses", "birth_date", "custom_fields", "search_document")


@permission_required("customers.view")
def contact_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Contact.objects.visible_to(request.user)
        .select_related("owner", "region")
        .defer(*_LIST_DEFERRED)
    )
    context = _list_context(request, queryset, "contacts")
    _prepare_rows(context["page"].rows)
    channel = "search" if context["params"]["q"] else "list"
    ids = [c.pk for c in context["page"].rows]
    registry.personal_data_read(request.user, "customers.contact", ids, channel)
    template = "customers/contact_list.html"
    if getattr(request, "htmx", False) and request.htmx.target == "results":  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


def _prepare_rows(contacts: list[Any]) -> None:
    """Give each row the plain values its cells show: first email and phone, first company,
    stage label, link. Two lean queries for the page's points and jobs (values, not model
    instances), and no per-row work the template would otherwise repeat (the list's time is
    mostly rendering; docs/performance.md)."""
    ids = [contact.pk for contact in contacts]
    first_point: dict[tuple[Any, str], str] = {}
    points = (
        ContactPoint.objects.filter(contact_id__in=ids)
        .order_by("contact_id", "kind", "position")
        .values_list("contact_id", "kind", "value")
    )
    for contact_id, kind, value in points:
        first_point.setdefault((contact_id, kind), value)
    first_company: dict[Any, str] = {}
    jobs = (
        Employment.objects.filter(contact_id__in=ids)
        .order_by("contact_id", "-is_primary", "company__name")
        .values_list("contact_id", "company__name")
    )
    for contact_id, company_name in jobs:
        first_company.setdefault(contact_id, company_name)
    stages = dict(LifecycleStage.choices)  # labels in the request's language, once per page
    placeholder = "00000000-0000-0000-0000-000000000000"
    link = reverse("customers:contact_detail", args=[placeholder])
    for contact in contacts:
        contact.primary_email = first_point.get((contact.pk, ContactPoint.Kind.EMAIL), "")
        contact.primary_phone = first_point.get((contact.pk, ContactPoint.Kind.PHONE), "")
        contact.primary_company_name = first_company.get(contact.pk, "")
        contact.stage_label = stages.get(contact.lifecycle_stage, contact.lifecycle_stage)
        contact.detail_url = link.replace(placeholder, str(contact.pk))


@permission_required("customers.view")
def company_list(request: HttpRequest) -> HttpResponse:
    queryset = Company.objects.visible_to(request.user).select_related("owner", "region")
    context = _list_context(request, queryset, "companies")
    template = "customers/company_list.html"
    if getattr(request, "htmx", False) and request.htmx.target == "results":  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


# --- details -------------------------------------------------------------------------------------


def _custom_values(entity: str, values: dict[str, Any]) -> list[tuple[str, Any]]:
    if not values:
        return []  # most records have none: spare the definitions query
    definitions = {d.key: d for d in CustomFieldDefinition.objects.filter(entity=entity)}
    shown = [(d.label, values[key]) for key, d in definitions.items() if key in values]
    shown += [(key, value) for key, value in values.items() if key not in definitions]
    return shown


def _permissions(user: Any) -> dict[str, bool]:
    return {
        "can_change": has_permission(user, "customers.change"),
        "can_archive": has_permission(user, "customers.archive"),
    }


def _record_links(user: Any, entity: str, pk: Any) -> list[tuple[RecordLink, str]]:
    """Links other apps add to this record's page (privacy: consent, a new request)."""
    links = []
    for link in registry.record_links:
        if link.entity == entity and has_permission(user, link.permission):
            if link.query:
                url = f"{reverse(link.url_name)}?{link.query}={pk}"
            else:
                url = reverse(link.url_name, args=[pk])
            links.append((link, url))
    return links


@permission_required("customers.view")
def contact_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk)
    registry.personal_data_read(request.user, "customers.contact", [contact.pk], "page")
    points = list(contact.points.all())
    grants = grants_for(request.user)
    jobs = [
        (job, grants.all_regions or job.company.region_id in grants.region_ids)
        for job in contact.employments.all()
    ]
    return render(
        request,
        "customers/contact_detail.html",
        {
            "nav": "contacts",
            "contact": contact,
            "emails": [p for p in points if p.kind == "email"],
            "phones": [p for p in points if p.kind == "phone"],
            "jobs": jobs,
            "custom_values": _custom_values("contact", contact.custom_fields),
            "record_links": _record_links(request.user, "contact", contact.pk),
            "duplicates": possible_duplicates(request.user, contact, points),
            **_permissions(request.user),
        },
    )


@permission_required("customers.view")
def company_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    company = access_company(request.user, pk)
    people = (
        Employment.objects.filter(
            company=company, contact__in=Contact.objects.visible_to(request.user)
        )
        .select_related("contact")
        .order_by("contact__sort_name")[:100]
    )
    people_ids = [job.contact_id for job in people]
    registry.personal_data_read(request.user, "customers.contact", people_ids, "page")
    return render(
        request,
        "customers/company_detail.html",
        {
            "nav": "companies",
            "company": company,
            "people": people,
            "custom_values": _custom_values("company", company.custom_fields),
            **_permissions(request.user),
        },
    )


# --- forms ---------------------------------------------------------------------------------------


def _record_country(request: HttpRequest, record: Contact | Company | None) -> str:
    if request.method == "POST":
        return str(request.POST.get("country") or "")
    return record.country if record is not None else ""


def _address_formset(request: HttpRequest, record: Contact | Company | None) -> Any:
    country = _record_country(request, record)
    if request.method == "POST":
        return AddressFormSet(request.POST, prefix="addresses", default_country=country)
    stored = record.addresses if record is not None else []
    # A new record starts with one empty address row to fill in.
    initial = address_initial(stored) if stored else [{}]
    return AddressFormSet(prefix="addresses", default_country=country, initial=initial)


def _contact_form(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    addresses = _address_formset(request, contact)
    if request.method == "POST":
        form = ContactForm(request.POST)
        emails = EmailFormSet(request.POST, prefix="emails")
        phones = PhoneFormSet(request.POST, prefix="phones")
        jobs = EmploymentFormSet(request.POST, prefix="companies")
        valid = [f.is_valid() for f in (form, emails, phones, jobs, addresses)]
        if all(valid):
            email_items, email_rows = emails.items()
            phone_items, phone_rows = phones.items()
            job_items, job_rows = jobs.items()
            address_items, address_rows = addresses.items()
            data = form.to_data(contact)
            data["emails"] = email_items
            data["phones"] = phone_items
            data["addresses"] = address_items
            if contact is None or not _same_jobs(contact, job_items):
                # Left alone, a job at a company outside the user's regions stays as it is.
                data["companies"] = job_items
            try:
                if contact is None:
                    contact = services.create_contact(request.user, data)  # type: ignore[arg-type]
                    messages.success(request, _("Contact created."))
                else:
                    services.update_contact(request.user, contact, data)  # type: ignore[arg-type]
                    messages.success(request, _("Contact saved."))
                return redirect("customers:contact_detail", pk=contact.pk)
            except ValidationError as exc:
                attach_errors(
                    form,
                    exc.errors,
                    {
                        "emails": (emails, email_rows),
                        "phones": (phones, phone_rows),
                        "companies": (jobs, job_rows),
                        "addresses": (addresses, address_rows),
                    },
                )
    elif contact is not None:
        points = list(contact.points.all())
        form = ContactForm(initial=ContactForm.initial_for(contact))
        emails = EmailFormSet(prefix="emails", initial=_point_initial(points, "email"))
        phones = PhoneFormSet(prefix="phones", initial=_point_initial(points, "phone"))
        jobs = EmploymentFormSet(
            prefix="companies",
            initial=[
                {"company": str(job.company_id), "title": job.title, "name": job.company.name}
                for job in contact.employments.all()
            ],
        )
    else:
        form = ContactForm(
            initial={
                "lifecycle_stage": LifecycleStage.LEAD,
                "source": "manual",
                "owner": str(request.user.pk),
            }
        )
        emails = EmailFormSet(prefix="emails")
        phones = PhoneFormSet(prefix="phones")
        jobs = EmploymentFormSet(prefix="companies")
    jobs.name_companies(request.user)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "customers/contact_form.html",
        {
            "nav": "contacts",
            "form": form,
            "emails": emails,
            "phones": phones,
            "jobs": jobs,
            "addresses": addresses,
            "contact": contact,
        },
        status=status,
    )


def _point_initial(points: list[Any], kind: str) -> list[dict[str, Any]]:
    return [
        {"value": p.value, "label": p.label, "primary": p.is_primary}
        for p in points
        if p.kind == kind
    ]


def _same_jobs(contact: Contact, items: list[dict[str, str]]) -> bool:
    stored = sorted((str(job.company_id), job.title) for job in contact.employments.all())
    return stored == sorted((item["company"], item["title"]) for item in items)


@permission_required("customers.add")
def contact_create(request: HttpRequest) -> HttpResponse:
    return _contact_form(request, None)


@permission_required("customers.change")
def contact_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    return _contact_form(request, access_contact(request.user, pk))


def _company_form(request: HttpRequest, company: Company | None) -> HttpResponse:
    addresses = _address_formset(request, company)
    if request.method == "POST":
        form = CompanyForm(request.POST)
        if all([form.is_valid(), addresses.is_valid()]):
            address_items, address_rows = addresses.items()
            data = form.to_data(company)
            data["addresses"] = address_items
            try:
                if company is None:
                    company = services.create_company(request.user, data)  # type: ignore[arg-type]
                    messages.success(request, _("Company created."))
                else:
                    services.update_company(request.user, company, data)  # type: ignore[arg-type]
                    messages.success(request, _("Company saved."))
                return redirect("customers:company_detail", pk=company.pk)
            except ValidationError as exc:
                attach_errors(form, exc.errors, {"addresses": (addresses, address_rows)})
    elif company is not None:
        form = CompanyForm(initial=CompanyForm.initial_for(company))
    else:
        form = CompanyForm(
            initial={
                "lifecycle_stage": LifecycleStage.LEAD,
                "source": "manual",
                "owner": str(request.user.pk),
            }
        )
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "customers/company_form.html",
        {
            "nav": "companies",
            "form": form,
            "addresses": addresses,
            "company": company,
        },
        status=status,
    )


@permission_required("customers.add")
def company_create(request: HttpRequest) -> HttpResponse:
    return _company_form(request, None)


@permission_required("customers.change")
def company_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    return _company_form(request, access_company(request.user, pk))


# --- rows the forms add, remove and redraw through htmx -----------------------------------------

ROW_FORMS: dict[str, tuple[type[Any], str]] = {
    "emails": (PointForm, "customers/partials/point_row.html"),
    "phones": (PointForm, "customers/partials/point_row.html"),
    "companies": (EmploymentForm, "customers/partials/employment_row.html"),
    "addresses": (AddressForm, "customers/partials/address_row.html"),
}
MAX_ROWS = 50  # the services accept fewer; this only bounds what one form can grow to


def _row_legend(kind: str) -> str:
    return {"emails": _("Email address"), "phones": _("Phone number")}.get(kind, "")


@permission_required("customers.view")
def form_row(request: HttpRequest, kind: str) -> HttpResponse:
    """A new blank row for the next index (and the raised form count), or one row redrawn."""
    if kind not in ROW_FORMS:
        raise Http404()
    form_class, template = ROW_FORMS[kind]
    row = request.GET.get("row", "")
    redraw = row.isdigit()
    if redraw:
        index = int(row)
    else:
        total = request.GET.get(f"{kind}-TOTAL_FORMS", "")
        index = int(total) if total.isdigit() else 0
    if index >= MAX_ROWS:
        return HttpResponse("")
    prefix = f"{kind}-{index}"
    initial = {
        name: request.GET[f"{prefix}-{name}"]
        for name in form_class.base_fields
        if redraw and f"{prefix}-{name}" in request.GET
    }
    kwargs: dict[str, Any] = {"prefix": prefix, "initial": initial}
    if kind == "addresses":
        kwargs["default_country"] = request.GET.get("country", "")
    form = form_class(**kwargs)
    form.row_index = index
    if kind == "companies":
        company = (
            access_company(request.user, initial["company"]) if initial.get("company") else None
        )
        form.company_name = company.name if company else ""
    return render(
        request,
        template,
        {
            "row": form,
            "prefix": kind,
            "legend": _row_legend(kind),
            "new_total": None if redraw else index + 1,
        },
    )


@permission_required("customers.view")
def form_row_removed(request: HttpRequest) -> HttpResponse:
    """Nothing: the remove button swaps its row for this, which takes the row out of the form."""
    return HttpResponse("")


@permission_required("customers.view")
def address_rows(request: HttpRequest) -> HttpResponse:
    """The address rows redrawn for a changed country, keeping what was typed."""
    addresses = AddressFormSet(
        request.GET, prefix="addresses", default_country=request.GET.get("country", "")
    )
    return render(request, "customers/partials/address_rows.html", {"addresses": addresses})


@permission_required("customers.view")
def company_suggestions(request: HttpRequest) -> HttpResponse:
    """Companies the user may see whose name matches what is typed in an employment row."""
    row = request.GET.get("row", "")
    if not row.isdigit():
        raise Http404()
    query = request.GET.get(f"companies-{row}-search", "").strip()[:100]
    companies = (
        list(
            search_companies(request.user, query)
            .only("id", "name", "country")
            .order_by("sort_name", "id")[:8]
        )
        if query
        else []
    )
    return render(
        request,
        "customers/partials/company_suggestions.html",
        {"companies": companies, "row": int(row), "query": query},
    )


# --- archive and restore -------------------------------------------------------------------------


@require_POST
@permission_required("customers.archive")
def contact_archive(request: HttpRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    services.archive_contact(request.user, contact)  # type: ignore[arg-type]
    messages.success(request, _("Contact archived."))
    return redirect("customers:contact_detail", pk=contact.pk)


@require_POST
@permission_required("customers.archive")
def contact_restore(request: HttpRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    services.restore_contact(request.user, contact)  # type: ignore[arg-type]
    messages.success(request, _("Contact restored."))
    return redirect("customers:contact_detail", pk=contact.pk)


@require_POST
@permission_required("customers.archive")
def company_archive(request: HttpRequest, pk: Any) -> HttpResponse:
    company = access_company(request.user, pk, details=False)
    services.archive_company(request.user, company)  # type: ignore[arg-type]
    messages.success(request, _("Company archived."))
    return redirect("customers:company_detail", pk=company.pk)


@require_POST
@permission_required("customers.archive")
def company_restore(request: HttpRequest, pk: Any) -> HttpResponse:
    company = access_company(request.user, pk, details=False)
    services.restore_company(request.user, company)  # type: ignore[arg-type]
    messages.success(request, _("Company restored."))
    return redirect("customers:company_detail", pk=company.pk)
