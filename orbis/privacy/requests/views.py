"""The privacy officer's request queue: list, open, and work a request step by step.

Reads start at DataSubjectRequest.objects.visible_to(user) (privacy.view in the request's
region); every step calls one service, which checks privacy.handle_requests and audits.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.audit.models import AuditEvent
from orbis.customers.models import Contact
from orbis.customers.search import narrow
from orbis.identity.access import has_permission
from orbis.kernel.errors import Conflict, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import registry
from orbis.kernel.web.lists import list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.partials import render_partial
from orbis.kernel.web.permissions import permission_required

from . import querysets, services
from .audit_actions import action_label
from .export import export_zip
from .forms import EraseForm, MethodForm, NoteForm, OpenRequestForm, ReasonForm
from .lists import FILTERS, REQUESTS
from .models import DataSubjectRequest, RequestKind, RequestStatus


def _queue_rows(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    params = {name: request.GET.get(name, "").strip()[:20] for name in FILTERS}
    rows = DataSubjectRequest.objects.visible_to(request.user).select_related("contact", "region")
    if params["status"] == "all":
        pass
    elif params["status"] in RequestStatus.values:
        rows = rows.filter(status=params["status"])
    else:
        params["status"] = ""
        rows = rows.open()
    if params["kind"] in RequestKind.values:
        rows = rows.filter(kind=params["kind"])
    if params["overdue"]:
        rows = rows.overdue()
    return rows, params


@permission_required("privacy.view")
def queue(request: HttpRequest) -> HttpResponse:
    rows, params = _queue_rows(request)
    state = list_state(request, REQUESTS)
    page = list_page(request, rows, state)
    registry.personal_data_read(
        request.user, "customers.contact", [r.contact_id for r in page.rows], "list"
    )
    now = timezone.now()
    context = {
        "nav": "privacy",
        "page": page,
        "rows": [(row, row.is_overdue(now)) for row in page.rows],
        "list": state,
        "count": count_rows(rows),
        "params": params,
        "statuses": RequestStatus.choices,
        "kinds": RequestKind.choices,
        "overdue_count": DataSubjectRequest.objects.visible_to(request.user).overdue(now).count(),
        "can_handle": has_permission(request.user, services.PERMISSION),
    }
    return render_partial(request, "privacy_requests/queue.html", context)


@permission_required(services.PERMISSION)
def contact_search(request: HttpRequest) -> HttpResponse:
    """Contacts the user may see matching the typed name, email or phone (htmx fragment)."""
    query = request.GET.get("q", "").strip()[:100]
    contacts = (
        list(narrow(Contact.objects.visible_to(request.user), query).order_by("sort_name")[:8])
        if len(query) >= 2
        else []
    )
    registry.personal_data_read(
        request.user, "customers.contact", [c.pk for c in contacts], "search"
    )
    return render(
        request,
        "privacy_requests/partials/contact_choices.html",
        {"contacts": contacts, "query": query},
    )


@permission_required(services.PERMISSION)
def create(request: HttpRequest) -> HttpResponse:
    # "New request" on a contact's page names the person: ?contact=<id>.
    form = OpenRequestForm(request.POST or None)
    chosen = None
    contact_id = request.POST.get("contact") or request.GET.get("contact") or ""
    if request.method == "POST" and form.is_valid():
        try:
            created = services.open_request(
                form.cleaned_data["contact"],
                kind=form.cleaned_data["kind"],
                channel=form.cleaned_data["channel"],
                supplied=form.cleaned_data["supplied"],
                received_at=form.cleaned_data["received_at"],
                actor=request.user,
            )
            messages.success(request, _("Request opened."))
            return redirect("privacy_requests:detail", pk=created.pk)
        except ValidationError as exc:
            for field, errors in exc.errors.items():
                form.add_error(field if field in form.fields else None, errors)
    if parse_uuid(contact_id):
        chosen = Contact.objects.visible_to(request.user).filter(pk=contact_id).first()
    return render(
        request,
        "privacy_requests/create.html",
        {"nav": "privacy", "form": form, "chosen": chosen},
        status=422 if request.method == "POST" else 200,
    )


@permission_required("privacy.view")
def detail(request: HttpRequest, pk: Any) -> HttpResponse:
    found = querysets.access_request(request.user, pk)
    registry.personal_data_read(request.user, "customers.contact", [found.contact_id], "page")
    history = AuditEvent.objects.filter(
        target_type=DataSubjectRequest._meta.label_lower, target_id=str(found.pk)
    ).order_by("seq")
    return render(
        request,
        "privacy_requests/detail.html",
        {
            "nav": "privacy",
            "req": found,
            "overdue": found.is_overdue(),
            "history": [(event, action_label(event.action)) for event in history],
            "erased": querysets.is_erased(found.contact),
            "restricted": querysets.is_restricted(found.contact),
            "can_handle": has_permission(request.user, services.PERMISSION),
            "can_edit_contact": has_permission(request.user, "customers.change"),
            "method_form": MethodForm(),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
            "erase_form": EraseForm(),
            "exportable": found.kind in (RequestKind.ACCESS, RequestKind.PORTABILITY),
        },
    )


STEP_FORMS: dict[str, type[Any]] = {
    "ask-proof": MethodForm,
    "verify": MethodForm,
    "extend": ReasonForm,
    "reject": ReasonForm,
    "complete": NoteForm,
    "erase": EraseForm,
}


@require_POST
@permission_required(services.PERMISSION)
def step(request: HttpRequest, pk: Any, step: str) -> HttpResponse:
    found = querysets.access_request(request.user, pk)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        return HttpResponse(status=404)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("privacy_requests:detail", pk=found.pk)
    data = form.cleaned_data
    try:
        if step == "ask-proof":
            services.ask_for_identity_proof(found, data["method"], actor=request.user)
        elif step == "verify":
            services.verify_identity(found, data["method"], actor=request.user)
        elif step == "extend":
            services.extend_deadline(found, data["reason"], actor=request.user)
        elif step == "reject":
            services.reject_request(found, data["reason"], actor=request.user)
        elif step == "complete":
            services.complete_request(found, data["note"], actor=request.user)
        elif step == "erase":
            services.erase(found, actor=request.user)
        messages.success(request, _("Done."))
    except (ValidationError, Conflict) as exc:
        detail = exc.errors if isinstance(exc, ValidationError) else {"": [exc.detail]}
        for errors in detail.values():
            messages.error(request, " ".join(errors))
    return redirect("privacy_requests:detail", pk=found.pk)


@require_POST
@permission_required(services.PERMISSION)
def download(request: HttpRequest, pk: Any) -> HttpResponse:
    """The access export ZIP, built now and never stored."""
    found = querysets.access_request(request.user, pk)
    try:
        filename, content = export_zip(request.user, found)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect("privacy_requests:detail", pk=found.pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
