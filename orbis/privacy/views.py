"""The privacy officer's consent pages (/privacy/consent/) and the person's own pages (/p/).

Officer pages: signed in, privacy.view to look, privacy.manage_consent to record; contacts are
found and opened through customers' search and access_contact, so region scoping holds.
Public pages: no login, reached by a signed link; forms are CSRF-protected POSTs and a GET
never changes consent (mail scanners prefetch links).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from orbis.customers.querysets import access_contact
from orbis.customers.search import search_contacts
from orbis.identity.access import has_permission
from orbis.kernel.errors import ValidationError
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.ratelimit import rate_limited

from . import decisions, gpc, jurisdictions, links
from . import services as consent_services
from .evidence import Evidence
from .jurisdictions import ANY_CHANNEL, CHANNELS, PURPOSES
from .links import LinkRefused
from .models import (
    Channel,
    ConsentEvent,
    ConsentSource,
    ConsentState,
    ConsentStatus,
    LawfulBasis,
    Purpose,
)

LOOKUP_LIMIT = 50
PREFERENCE_WORDING_VERSION = "preferences-1"


# --- officer pages ------------------------------------------------------------------------------


@permission_required("privacy.view")
def lookup(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = (
        list(search_contacts(request.user, query, include_archived=True)[:LOOKUP_LIMIT])
        if query
        else []
    )
    return render(
        request, "privacy/consent_lookup.html", {"nav": "privacy", "q": query, "found": found}
    )


class RecordForm(forms.Form):
    """The officer records a decision the person made (by phone, letter, a request)."""

    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=Purpose.choices)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(s.value, s.label) for s in ConsentStatus if s != ConsentStatus.PENDING],
    )
    lawful_basis = forms.ChoiceField(
        label=gettext_lazy("Lawful basis"),
        choices=[("", "—"), *LawfulBasis.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"), choices=ConsentSource.choices, initial="request"
    )
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    wording = forms.CharField(
        label=gettext_lazy("Wording shown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    wording_version = forms.CharField(
        label=gettext_lazy("Wording version"), required=False, max_length=50
    )


def _matrix(contact: Any) -> list[dict[str, Any]]:
    return [
        {
            "purpose": purpose,
            "channel": channel,
            "purpose_label": Purpose(purpose).label,
            "channel_label": Channel(channel).label,
            "decision": decisions.can_contact(contact, channel, purpose),
        }
        for purpose in PURPOSES
        for channel in CHANNELS
    ]


def _detail_context(request: HttpRequest, contact: Any, form: RecordForm) -> dict[str, Any]:
    events = list(
        ConsentEvent.objects.visible_to(request.user)
        .filter(contact=contact)
        .select_related("confirmation")
        .order_by("-occurred_at", "-created_at")
    )
    pending = [
        (event, links.confirmation_link(event))
        for event in events
        if event.status == ConsentStatus.PENDING and not hasattr(event, "confirmation")
    ]
    return {
        "nav": "privacy",
        "contact": contact,
        "pack": jurisdictions.for_contact(contact),
        "states": ConsentState.objects.visible_to(request.user).filter(contact=contact),
        "events": events,
        "pending": pending,
        "matrix": _matrix(contact),
        "form": form,
        "can_manage": has_permission(request.user, consent_services.PERMISSION),
        "preference_link": links.preference_link(contact),
    }


@permission_required("privacy.view")
def contact_consents(request: HttpRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    return render(
        request, "privacy/consent_contact.html", _detail_context(request, contact, RecordForm())
    )


@require_POST
@permission_required(consent_services.PERMISSION)
def record(request: HttpRequest, pk: Any) -> HttpResponse:
    contact = access_contact(request.user, pk, details=False)
    form = RecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        occurred: datetime | None = data["occurred_at"]
        try:
            consent_services.record_consent(
                contact,
                purpose=data["purpose"],
                channel=data["channel"],
                status=data["status"],
                lawful_basis=data["lawful_basis"],
                source=data["source"],
                evidence=Evidence.from_request(request, data["wording"], data["wording_version"]),
                occurred_at=occurred,
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.errors.items():
                name = field.removeprefix("evidence.")
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("privacy:contact", pk=contact.pk)
    response = render(
        request, "privacy/consent_contact.html", _detail_context(request, contact, form)
    )
    response.status_code = 422
    return response


@require_POST
@permission_required(consent_services.PERMISSION)
def withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    """One click: withdraw one purpose on one channel (or everything)."""
    contact = access_contact(request.user, pk, details=False)
    purpose, channel = request.POST.get("purpose", ""), request.POST.get("channel", "")
    evidence = Evidence.from_request(request)
    try:
        if purpose == "all":
            consent_services.withdraw_everything(
                contact, source=ConsentSource.REQUEST, evidence=evidence, actor=request.user
            )
        else:
            consent_services.withdraw_consent(
                contact,
                purpose=purpose,
                channel=channel,
                source=ConsentSource.REQUEST,
                evidence=evidence,
                actor=request.user,
            )
    except ValidationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("privacy:contact", pk=contact.pk)


@permission_required("privacy.view")
def rules(request: HttpRequest) -> HttpResponse:
    packs = jurisdictions.all_packs()
    return render(
        request,
        "privacy/consent_rules.html",
        {"nav": "privacy", "packs": packs, "purposes": PURPOSES, "channels": CHANNELS},
    )


# --- public pages -------------------------------------------------------------------------------


def _contact_language(contact: Any) -> str:
    return contact.language or settings.LANGUAGE_CODE


def _refused(request: HttpRequest, exc: LinkRefused) -> HttpResponse:
    status = 400 if exc.reason == "forged" else 410
    return render(request, "privacy/public_refused.html", {"reason": exc.reason}, status=status)


def _preference_rows(contact: Any) -> list[dict[str, Any]]:
    rows = []
    for purpose in PURPOSES:
        channels = CHANNELS if purpose == "marketing" else (ANY_CHANNEL,)
        for channel in channels:
            asked = "email" if channel == ANY_CHANNEL else channel
            decision = decisions.can_contact(contact, asked, purpose)
            if decision.model == jurisdictions.NOT_REQUIRED:
                continue  # nothing the person can decide here
            rows.append(
                {
                    "purpose": purpose,
                    "purpose_label": Purpose(purpose).label,
                    "channel": channel,
                    "channel_label": Channel(channel).label,
                    "allowed": decision.allowed,
                }
            )
    return rows


def _wording(purpose: str, channel: str) -> str:
    return _("I agree to %(purpose)s by %(channel)s.") % {
        "purpose": Purpose(purpose).label,
        "channel": Channel(channel).label,
    }


# Signed-link pages need no login, so they are limited per client address: a flood of forged
# links stops at the limit before any lookup or counter is written.
_public = rate_limited("privacy-public", "ORBIS_PUBLIC_PAGE_LIMIT", 30)


@require_http_methods(["GET", "POST"])
@_public
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        contact = links.contact_for_preference_token(token)
    except LinkRefused as exc:
        return _refused(request, exc)
    with translation.override(_contact_language(contact)):
        if gpc.gpc_signal(request):
            consent_services.honour_gpc(
                contact,
                evidence=Evidence.from_request(request, "Sec-GPC: 1", "gpc-1"),
                actor=consent_services.THE_PERSON,
            )
        if request.method == "POST":
            action = request.POST.get("action", "")
            purpose, channel = request.POST.get("purpose", ""), request.POST.get("channel", "")
            try:
                if action == "unsubscribe_all":
                    consent_services.withdraw_everything(
                        contact,
                        source=ConsentSource.PREFERENCE_PAGE,
                        evidence=Evidence.from_request(request),
                        actor=consent_services.THE_PERSON,
                    )
                elif action == "withdraw":
                    consent_services.withdraw_consent(
                        contact,
                        purpose=purpose,
                        channel=channel,
                        source=ConsentSource.PREFERENCE_PAGE,
                        evidence=Evidence.from_request(request),
                        actor=consent_services.THE_PERSON,
                    )
                elif action == "grant" and purpose in PURPOSES and channel in CHANNELS:
                    consent_services.record_consent(
                        contact,
                        purpose=purpose,
                        channel=channel,
                        lawful_basis=LawfulBasis.CONSENT,
                        source=ConsentSource.PREFERENCE_PAGE,
                        evidence=Evidence.from_request(
                            request, _wording(purpose, channel), PREFERENCE_WORDING_VERSION
                        ),
                        actor=consent_services.THE_PERSON,
                    )
                else:  # a form of this page never sends this: say which field is wrong
                    field = (
                        "action"
                        if action not in {"grant", "withdraw", "unsubscribe_all"}
                        else ("purpose" if purpose not in PURPOSES else "channel")
                    )
                    context = {"problem_field": field, "problem": _("Not one of the choices.")}
                    return render(request, "400.html", context, status=400)
            except ValidationError as exc:
                messages.error(request, exc.detail)
            else:
                messages.success(request, _("Your choices are saved."))
            return redirect("privacy_public:preferences", token=token)
        return render(
            request,
            "privacy/public_preferences.html",
            {
                "contact": contact,
                "rows": _preference_rows(contact),
                "token": token,
                "now": timezone.now(),
            },
        )


@require_http_methods(["GET", "POST"])
@_public
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pending = links.pending_for_token(token)
    except LinkRefused as exc:
        return _refused(request, exc)
    with translation.override(_contact_language(pending.contact)):
        if request.method == "POST":
            try:
                consent_services.confirm_consent(
                    token,
                    evidence=Evidence.from_request(request),
                    actor=consent_services.THE_PERSON,
                )
            except LinkRefused as exc:
                return _refused(request, exc)
            return render(request, "privacy/public_confirmed.html", {"event": pending})
        return render(request, "privacy/public_confirm.html", {"event": pending, "token": token})
