"""Lead pages: the list (web kit: sorting, counts, saved views, bulk actions), one lead with
its qualification, the conversion that offers the existing contact and company first, and the
web forms with their embed snippets."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from orbis.customers.models import Company, Contact
from orbis.customers.search import possible_duplicates
from orbis.identity.access import grants_for, has_permission, may
from orbis.identity.models import User
from orbis.kernel.errors import DomainError, PreconditionFailed, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import registry
from orbis.kernel.web.forms import StyledForm, errors_to_form
from orbis.kernel.web.lists import list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.partials import render_partial
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.requests import AuthenticatedRequest

from . import public_form
from .forms import DealForm
from .lists import LEAD_FILTERS, LEADS
from .models import Lead, LeadSource, LeadStatus, WebForm
from .querysets import access_lead
from .services import leads as lead_services

BULK_STATUS = {"mark_working": LeadStatus.WORKING, "mark_unqualified": LeadStatus.UNQUALIFIED}
BULK_LIMIT = 500


def _sellers(user: User) -> QuerySet[User]:
    """Colleagues who may own leads where the user works."""
    owners = User.objects.filter(is_active=True)
    allowed = grants_for(user).region_ids("sales.view")
    if allowed is not None:
        owners = owners.filter(Q(roles__all_regions=True) | Q(roles__regions__in=allowed))
    return owners.distinct().only("id", "username", "first_name", "last_name").order_by("username")


def _filtered(
    request: AuthenticatedRequest, rows: QuerySet[Lead]
) -> tuple[QuerySet[Lead], dict[str, str]]:
    params = {name: request.GET.get(name, "").strip()[:100] for name in LEAD_FILTERS}
    if params["q"]:
        key = params["q"].casefold()
        rows = rows.filter(Q(contact__sort_name__contains=key) | Q(company_name__icontains=key))
    if params["status"] in LeadStatus.values:
        rows = rows.filter(status=params["status"])
    if params["source"] in LeadSource.values:
        rows = rows.filter(source=params["source"])
    if params["owner"] == "me":
        rows = rows.filter(owner=request.user)
    elif params["owner"]:
        owner = parse_uuid(params["owner"])
        rows = rows.filter(owner_id=owner) if owner else rows.none()
    return rows, params


@permission_required("sales.view")
def lead_list(request: AuthenticatedRequest) -> HttpResponse:
    every = Lead.objects.visible_to(request.user).select_related("contact", "owner", "market")
    rows, params = _filtered(request, every)
    state = list_state(request, LEADS)
    page = list_page(request, rows, state)
    registry.personal_data_read(request.user, "sales.lead", [r.pk for r in page.rows], "ui")
    context = {
        "nav": "sales",
        "list": state,
        "page": page,
        "count": count_rows(rows),
        "params": params,
        "statuses": LeadStatus.choices,
        "sources": LeadSource.choices,
        "owners": _sellers(request.user),
        "can_manage_forms": has_permission(request.user, "sales.manage_catalogue"),
    }
    return render_partial(request, "sales/lead_list.html", context)


@require_POST
@permission_required("sales.view")
def lead_bulk(request: AuthenticatedRequest) -> HttpResponse:
    """Assign or re-status the selected leads, each through qualify_lead (its own region check,
    lock and audit), then back to the same list."""
    action = request.POST.get("action", "")
    offered = {a.key for a in list_state(request, LEADS).bulk_actions}
    back = reverse("sales:lead_list")
    if action not in offered:
        messages.error(request, _("Choose an action you may take."))
        return redirect(back)
    change: dict[str, Any] = (
        {"owner": request.POST.get("owner", "")}
        if action == "assign_owner"
        else {"status": BULK_STATUS[action]}
    )
    done = refused = 0
    for pk in request.POST.getlist("ids")[:BULK_LIMIT]:
        try:
            lead_services.qualify_lead(pk, change, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(t for texts in error.errors.values() for t in texts))
            return redirect(back)
        except DomainError:
            refused += 1
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)s lead updated.", "%(count)s leads updated.", done) % {"count": done},
        )
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)s lead was not changed: you may not change it, or it is gone.",
                "%(count)s leads were not changed: you may not change them, or they are gone.",
                refused,
            )
            % {"count": refused},
        )
    return redirect(back)


class QualifyForm(StyledForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"))
    score = forms.IntegerField(label=gettext_lazy("Score"), min_value=0, max_value=100)
    owner = forms.ChoiceField(label=gettext_lazy("Owner"), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = [c for c in LeadStatus.choices if c[0] != LeadStatus.CONVERTED]
        cast(forms.ChoiceField, self.fields["status"]).choices = statuses
        owners = [("", "—"), *((str(u.pk), str(u)) for u in _sellers(user))]
        cast(forms.ChoiceField, self.fields["owner"]).choices = owners


def _duplicates(user: User, lead: Lead) -> list[Contact]:
    """Contacts the rep may use instead of the lead's: the same email or phone, or the same
    name, among the people the rep can see."""
    person = lead.contact
    shared = possible_duplicates(user, person, list(person.points.all()))
    same_name = (
        Contact.objects.visible_to(user)
        .active()
        .filter(sort_name=person.sort_name)
        .exclude(pk=person.pk)
        .order_by("created_at")[:5]
    )
    seen: dict[Any, Contact] = {c.pk: c for c in shared}
    for contact in same_name:
        seen.setdefault(contact.pk, contact)
    return list(seen.values())


def _lead_page(
    request: AuthenticatedRequest,
    lead: Lead,
    qualify: QualifyForm | None = None,
    convert: DealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    registry.personal_data_read(user, "sales.lead", [lead.pk], "ui")
    initial = {
        "status": lead.status,
        "score": lead.score,
        "owner": str(lead.owner_id or ""),
        "version": lead.etag,
    }
    deal_initial = {
        "name": lead.company_name or lead.contact.display_name,
        "market": lead.market.country if lead.market else lead.contact.country,
        "currency": lead.market.default_currency if lead.market else "",
    }
    companies: list[Company] = lead_services.company_matches(lead.company_name, actor=user)
    context = {
        "nav": "sales",
        "lead": lead,
        "qualify": qualify or QualifyForm(initial=initial, user=user),
        "convert": convert or DealForm(initial=deal_initial, user=user),
        "duplicates": _duplicates(user, lead),
        "companies": companies,
        "can_change": may(user, "sales.change", lead.region_id),
        "chosen_company": request.POST.get("company", ""),
        "chosen_contact": request.POST.get("contact", ""),
    }
    return render(request, "sales/lead_detail.html", context, status=status)


@permission_required("sales.view")
def lead_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    lead = access_lead(request.user, pk)
    if request.method != "POST":
        return _lead_page(request, lead)
    form = QualifyForm(request.POST, user=request.user)
    if not form.is_valid():
        return _lead_page(request, lead, qualify=form, status=400)
    data = {k: form.cleaned_data[k] for k in ("status", "score", "owner")}
    try:
        lead_services.qualify_lead(
            lead, data, actor=request.user, version=form.cleaned_data["version"] or None
        )
    except PreconditionFailed:
        form.add_error(None, _("Someone else changed this lead meanwhile; check and save again."))
        return _lead_page(request, access_lead(request.user, pk), qualify=form, status=409)
    except ValidationError as error:
        errors_to_form(form, error)
        return _lead_page(request, lead, qualify=form, status=400)
    messages.success(request, _("Lead saved."))
    return redirect("sales:lead_detail", pk=lead.pk)


@require_POST
@permission_required("sales.change")
def lead_convert(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    """One step: the deal, the company (an existing one chosen, or a new one confirmed) and the
    person (the lead's, or a duplicate chosen instead)."""
    lead = access_lead(request.user, pk)
    form = DealForm(request.POST, user=request.user)
    if not form.is_valid():
        return _lead_page(request, lead, convert=form, status=400)
    company = request.POST.get("company", "")
    deal = {**form.cleaned_data, "close_date": form.cleaned_data["close_date"].isoformat()}
    try:
        lead_services.convert_lead(
            lead,
            actor=request.user,
            deal=deal,
            company=company if company not in ("", "new") else None,
            create_company=company == "new",
            contact=request.POST.get("contact") or None,
        )
    except ValidationError as error:
        errors_to_form(form, error)
        return _lead_page(request, lead, convert=form, status=400)
    lead.refresh_from_db()
    messages.success(request, _("Lead converted: the deal is open."))
    return redirect("sales:deal_detail", pk=lead.deal_id)


# --- web forms -------------------------------------------------------------------------------


class WebFormForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    slug = forms.SlugField(label=gettext_lazy("Address"), max_length=50)
    default_country = forms.ChoiceField(label=gettext_lazy("Default country"), required=False)
    ask_marketing = forms.BooleanField(
        label=gettext_lazy("Ask for marketing consent"), required=False, initial=True
    )
    allowed_origins = forms.CharField(
        label=gettext_lazy("Sites that may embed the form"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://www.example.com"}),
        help_text=gettext_lazy("One per line."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = public_form._countries()
        cast(forms.ChoiceField, self.fields["default_country"]).choices = [("", "—"), *countries]


@permission_required("sales.manage_catalogue")
def web_forms(request: AuthenticatedRequest) -> HttpResponse:
    form = WebFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        origins = [o.strip() for o in data["allowed_origins"].splitlines() if o.strip()]
        try:
            lead_services.create_web_form(
                data["name"],
                data["slug"],
                owner=request.user,
                default_country=data["default_country"],
                ask_marketing=data["ask_marketing"],
                allowed_origins=origins,
                actor=request.user,
            )
        except ValidationError as error:
            # "allowed_origins.2" is the third line of the one text box.
            named = {name.split(".")[0]: texts for name, texts in error.errors.items()}
            errors_to_form(form, ValidationError(named))
        else:
            messages.success(request, _("Web form created."))
            return redirect("sales:web_forms")
    rows = [
        {"form": f, "snippets": public_form.snippets(f), "leads": f.lead_count}
        for f in WebForm.objects.visible_to(request.user).annotate(lead_count=Count("leads"))
    ]
    status = 400 if form.errors else 200
    context = {"nav": "sales", "rows": rows, "form": form}
    return render(request, "sales/web_forms.html", context, status=status)
