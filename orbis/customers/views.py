"""Contact and company pages: lists with filters and keyset pages, details, forms, archive.

Every read starts at visible_to(request.user) or access_contact/access_company, so a record
outside the user's regions is a 404 here exactly as in the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from orbis.identity.access import grants_for, has_permission, may
from orbis.identity.models import User
from orbis.kernel.errors import PreconditionFailed, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import RecordLink, registry
from orbis.kernel.web.lists import ListSpec, list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.partials import render_partial
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.requests import AuthenticatedRequest
from orbis.localisation.countries import country_name
from orbis.localisation.models import Market, Region

from . import bulk_actions, services
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
from .lists import COMPANIES, CONTACTS, FILTERS
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

# --- lists ---------------------------------------------------------------------------------------


def _filtered(request: AuthenticatedRequest, queryset: QuerySet) -> tuple[QuerySet, dict[str, str]]:
    params = {name: request.GET.get(name, "").strip()[:100] for name in FILTERS}
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
    return queryset, params


def _filter_choices(user: User) -> dict[str, Any]:
    """Pickers limited to what the user may see: the regions their roles grant viewing in,
    the countries of those regions' markets, named in the viewer's language."""
    regions = Region.objects.order_by("name")
    allowed = grants_for(user).region_ids("customers.view")
    if allowed is not None:
        regions = regions.filter(pk__in=allowed)
    language = translation.get_language() or "en"
    countries = sorted(
        {
            (code, country_name(code, language))
            for code in Market.objects.filter(region__in=regions).values_list("country", flat=True)
        },
        key=lambda pair: pair[1].casefold(),
    )
    return {"regions": list(regions), "countries": countries}


def _owner_choices(user: User) -> QuerySet[User]:
    """The owner filter offers the colleagues who work where the user does: those with a role
    in one of the regions the user may view (or in all), not every account of the company."""
    owners = User.objects.filter(is_active=True)
    allowed = grants_for(user).region_ids("customers.view")
    if allowed is not None:
        in_reach = Q(roles__all_regions=True) | Q(roles__regions__in=allowed)
        owners = owners.filter(in_reach).distinct()
    return owners.only("id", "username", "first_name", "last_name").order_by("username")


def _list_context(
    request: AuthenticatedRequest, queryset: QuerySet, nav: str, spec: ListSpec
) -> dict[str, Any]:
    queryset, params = _filtered(request, queryset)
    state = list_state(request, spec)
    page = list_page(request, queryset, state)
    return {
        "nav": nav,
        "page": page,
        "list": state,
        "count": count_rows(queryset),
        "params": params,
        "stages": LifecycleStage.choices,
        **_filter_choices(request.user),
        "owners": _owner_choices(request.user),
        "can_add": has_permission(request.user, "customers.add"),
    }


# Columns the list never shows: left unread, so a page decrypts no addresses or birth dates.
_LIST_DEFERRED = ("addresses", "birth_date", "custom_fields", "search_document")


@permission_required("customers.view")
def contact_list(request: AuthenticatedRequest) -> HttpResponse:
    queryset = (
        Contact.objects.visible_to(request.user)
        .select_related("owner", "region")
        .defer(*_LIST_DEFERRED)
    )
    context = _list_context(request, queryset, "contacts", CONTACTS)
    _prepare_rows(context["page"].rows, with_tags=context["list"].shows("tags"))
    channel = "search" if context["params"]["q"] else "list"
    ids = [c.pk for c in context["page"].rows]
    registry.personal_data_read(request.user, "customers.contact", ids, channel)
    return render_partial(request, "customers/contact_list.html", context)


def _prepare_rows(contacts: list[Any], with_tags: bool = False) -> None:
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
    tag_names: dict[Any, list[str]] = {}
    if with_tags:  # only when the column is chosen: one more query
        pairs = Contact.tags.through.objects.filter(contact_id__in=ids).values_list(
            "contact_id", "tag__name"
        )
        for contact_id, name in pairs.order_by("tag__name"):
            tag_names.setdefault(contact_id, []).append(name)
    stages = dict(LifecycleStage.choices)  # labels in the request's language, once per page
    placeholder = "00000000-0000-0000-0000-000000000000"
    link = reverse("customers:contact_detail", args=[placeholder])
    for contact in contacts:
        contact.primary_email = first_point.get((contact.pk, ContactPoint.Kind.EMAIL), "")
        contact.primary_phone = first_point.get((contact.pk, ContactPoint.Kind.PHONE), "")
        contact.primary_company_name = first_company.get(contact.pk, "")
        contact.stage_label = stages.get(contact.lifecycle_stage, contact.lifecycle_stage)
        contact.detail_url = link.replace(placeholder, str(contact.pk))
        contact.tag_names = tag_names.get(contact.pk, [])


@permission_required("customers.view")
def company_list(request: AuthenticatedRequest) -> HttpResponse:
    queryset = Company.objects.visible_to(request.user).select_related("owner", "region")
    context = _list_context(request, queryset, "companies", COMPANIES)
    if context["list"].shows("tags"):
        prefetch_related_objects(context["page"].rows, "tags")
        for company in context["page"].rows:
            company.tag_names = sorted(t.name for t in company.tags.all())
    return render_partial(request, "customers/company_list.html", context)


def _bulk(request: AuthenticatedRequest, model: Any, spec: ListSpec) -> HttpResponse:
    """Apply the bulk bar's action to the selected rows, then back to the same list."""
    action = request.POST.get("action", "")
    offered = {a.key: a for a in list_state(request, spec).bulk_actions}
    back = reverse(spec.url_name) + _safe_query(request.POST.get("query", ""))
    if action not in offered:
        messages.error(request, _("Choose an action you may take."))
        return redirect(back)
    value = request.POST.get(offered[action].needs or "none", "")
    try:
        result = bulk_actions.apply(
            model, request.POST.getlist("ids"), action, value, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(t for texts in error.errors.values() for t in texts))
        return redirect(back)
    if result.done:
        messages.success(
            request,
            ngettext("%(count)s row updated.", "%(count)s rows updated.", result.done)
            % {"count": result.done},
        )
    if result.refused:
        messages.warning(
            request,
            ngettext(
                "%(count)s row was not changed: you may not change it, or it is gone.",
                "%(count)s rows were not changed: you may not change them, or they are gone.",
                len(result.refused),
            )
            % {"count": len(result.refused)},
        )
    return redirect(back)


def _safe_query(query: str) -> str:
    """The list's own query string back, re-encoded: never a different path or host."""
    kept = QueryDict(query[:2000]).urlencode()
    return "?" + kept if kept else ""


@require_POST
@permission_required("customers.view")
def contact_bulk(request: AuthenticatedRequest) -> HttpResponse:
    return _bulk(request, Contact, CONTACTS)


@require_POST
@permission_required("customers.view")
def company_bulk(request: AuthenticatedRequest) -> HttpResponse:
    return _bulk(request, Company, COMPANIES)


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
def contact_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk)
    registry.personal_data_read(request.user, "customers.contact", [contact.pk], "page")
    points = list(contact.points.all())
    jobs = [
        (job, may(request.user, "customers.view", job.company.region_id))
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
def company_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
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
            "record_links": _record_links(request.user, "company", company.pk),
            **_permissions(request.user),
        },
    )


# --- forms ---------------------------------------------------------------------------------------


def _record_country(request: AuthenticatedRequest, record: Contact | Company | None) -> str:
    if request.method == "POST":
        return str(request.POST.get("country") or "")
    return record.country if record is not None else ""


def _address_formset(request: AuthenticatedRequest, record: Contact | Company | None) -> Any:
    country = _record_country(request, record)
    if request.method == "POST":
        return AddressFormSet(request.POST, prefix="addresses", default_country=country)
    stored = record.addresses if record is not None else []
    # A new record starts with one empty address row to fill in.
    initial = address_initial(stored) if stored else [{}]
    return AddressFormSet(prefix="addresses", default_country=country, initial=initial)


def _edited_version(request: AuthenticatedRequest) -> str | None:
    """The version (ETag) of the record the form was opened on, from its hidden field."""
    return request.POST.get("version") or None


def _changed_meanwhile(form: Any, message: str) -> None:
    """A stale edit: keep everything typed and say so; the form now carries the current
    version, so saving again is a deliberate choice to overwrite."""
    form.add_error(None, message)


def _contact_form(request: AuthenticatedRequest, contact: Contact | None) -> HttpResponse:
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
                    contact = services.create_contact(data, actor=request.user)
                    messages.success(request, _("Contact created."))
                else:
                    services.update_contact(
                        contact, data, actor=request.user, version=_edited_version(request)
                    )
                    messages.success(request, _("Contact saved."))
                return redirect("customers:contact_detail", pk=contact.pk)
            except PreconditionFailed:
                _changed_meanwhile(
                    form,
                    _(
                        "Someone else changed this contact since you opened it. Your changes "
                        "are still here: check them against the current contact and save again "
                        "to keep them."
                    ),
                )
                contact = access_contact(request.user, contact.pk)  # type: ignore[union-attr]
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
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    return _contact_form(request, None)


@permission_required("customers.change")
def contact_edit(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    return _contact_form(request, access_contact(request.user, pk))


def _company_form(request: AuthenticatedRequest, company: Company | None) -> HttpResponse:
    addresses = _address_formset(request, company)
    if request.method == "POST":
        form = CompanyForm(request.POST)
        if all([form.is_valid(), addresses.is_valid()]):
            address_items, address_rows = addresses.items()
            data = form.to_data(company)
            data["addresses"] = address_items
            try:
                if company is None:
                    company = services.create_company(data, actor=request.user)
                    messages.success(request, _("Company created."))
                else:
                    services.update_company(
                        company, data, actor=request.user, version=_edited_version(request)
                    )
                    messages.success(request, _("Company saved."))
                return redirect("customers:company_detail", pk=company.pk)
            except PreconditionFailed:
                _changed_meanwhile(
                    form,
                    _(
                        "Someone else changed this company since you opened it. Your changes "
                        "are still here: check them against the current company and save again "
                        "to keep them."
                    ),
                )
                company = access_company(request.user, company.pk)  # type: ignore[union-attr]
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
def company_create(request: AuthenticatedRequest) -> HttpResponse:
    return _company_form(request, None)


@permission_required("customers.change")
def company_edit(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
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
def form_row(request: AuthenticatedRequest, kind: str) -> HttpResponse:
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
def form_row_removed(request: AuthenticatedRequest) -> HttpResponse:
    """Nothing: the remove button swaps its row for this, which takes the row out of the form."""
    return HttpResponse("")


@permission_required("customers.view")
def address_rows(request: AuthenticatedRequest) -> HttpResponse:
    """The address rows redrawn for a changed country, keeping what was typed."""
    addresses = AddressFormSet(
        request.GET, prefix="addresses", default_country=request.GET.get("country", "")
    )
    return render(request, "customers/partials/address_rows.html", {"addresses": addresses})


@permission_required("customers.view")
def company_suggestions(request: AuthenticatedRequest) -> HttpResponse:
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
def contact_archive(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    services.archive_contact(contact, actor=request.user)
    messages.success(request, _("Contact archived."))
    return redirect("customers:contact_detail", pk=contact.pk)


@require_POST
@permission_required("customers.archive")
def contact_restore(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    services.restore_contact(contact, actor=request.user)
    messages.success(request, _("Contact restored."))
    return redirect("customers:contact_detail", pk=contact.pk)


@require_POST
@permission_required("customers.archive")
def company_archive(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    company = access_company(request.user, pk, details=False)
    services.archive_company(company, actor=request.user)
    messages.success(request, _("Company archived."))
    return redirect("customers:company_detail", pk=company.pk)


@require_POST
@permission_required("customers.archive")
def company_restore(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    company = access_company(request.user, pk, details=False)
    services.restore_company(company, actor=request.user)
    messages.success(request, _("Company restored."))
    return redirect("customers:company_detail", pk=company.pk)
