"""The privacy officer's pages: dashboard, retention, transfers, records of processing, breaches.

Reading needs privacy.view; changing policies privacy.manage_policies, breaches
privacy.manage_breaches (checked again by the services). Views are thin: parse, call, render.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.audit.models import AuditEvent, ReadEvent
from orbis.identity.access import grants_for, has_permission, may, require
from orbis.identity.models import User
from orbis.kernel.errors import ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import registry
from orbis.kernel.web.permissions import permission_required
from orbis.localisation.models import Region
from orbis.privacy import jurisdictions

from . import labels, querysets, reports, services, transfer_reasons
from .forms import BreachForm
from .models import (
    Breach,
    BreachNotification,
    LawfulBasis,
    Mechanism,
    ProcessingActivity,
    ResidencyPolicy,
    RetentionPolicy,
    RetentionRun,
    TransferLog,
)


def _can(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_manage_policies": has_permission(request.user, services.MANAGE_POLICIES),
        "can_manage_breaches": has_permission(request.user, services.MANAGE_BREACHES),
    }


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for name, texts in error.errors.items():
        for text in texts:
            messages.error(request, f"{name}: {text}")


# --- dashboard ---------------------------------------------------------------------------------


def _request_counts(user: Any) -> dict[str, int] | None:
    """Open and overdue data-subject requests, when the requests app provides its model."""
    try:
        model = apps.get_model("privacy_requests", "DataSubjectRequest")
    except LookupError:
        return None
    manager: Any = model._default_manager
    try:
        open_requests = manager.visible_to(user).open()
    except AttributeError:
        return None
    return {
        "open": open_requests.count(),
        "overdue": open_requests.filter(due_at__lt=timezone.now()).count(),
    }


@permission_required("privacy.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    verify_head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    context = {
        "nav": "privacy",
        "requests": _request_counts(request.user),
        "retention_policies": RetentionPolicy.objects.filter(enabled=True).count(),
        "last_run": RetentionRun.objects.order_by("-created_at").first(),
        "transfers_week": TransferLog.objects.filter(
            occurred_at__gte=timezone.now() - datetime.timedelta(days=7)
        ).count(),
        "refusals_week": AuditEvent.objects.filter(
            action="identity.access_refused",
            occurred_at__gte=timezone.now() - datetime.timedelta(days=7),
        ).count(),
        "missing_policies": _missing_policy_pairs(),
        "users_without_team": User.objects.filter(
            is_active=True, is_superuser=False, team__isnull=True
        ).count(),
        "activities": len(reports.records_of_processing()),
        "undocumented": sum(1 for r in reports.records_of_processing() if not r["documented"]),
        "open_breaches": Breach.objects.exclude(status=Breach.Status.CLOSED).count(),
        "overdue_breaches": len(reports.overdue_breaches()),
        "audit_events": verify_head or 0,
        "unsealed_reads": ReadEvent.objects.filter(seal__isnull=True).count(),
        **_can(request),
    }
    return render(request, "privacy_governance/dashboard.html", context)


def _missing_policy_pairs() -> int:
    regions = Region.objects.count()
    return max(0, regions * (regions - 1) - ResidencyPolicy.objects.count())


@require_POST
@permission_required("privacy.manage_policies")
def verify_audit(request: HttpRequest) -> HttpResponse:
    from orbis.audit.services import verify

    result = verify()
    if result.ok:
        messages.success(
            request,
            _("Audit chain intact: %(events)s events, %(reads)s sealed reads.")
            % {"events": result.checked, "reads": result.sealed_reads},
        )
    else:
        messages.error(
            request, _("Audit chain broken: %(n)s problems.") % {"n": len(result.problems)}
        )
        for problem in result.problems[:20]:
            messages.error(request, problem)
    return redirect("privacy_governance:dashboard")


# --- retention ---------------------------------------------------------------------------------


@permission_required("privacy.view")
def retention(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.create_retention_policy(request.POST.dict(), actor=request.user)
            messages.success(request, _("Retention policy saved."))
            return redirect("privacy_governance:retention")
        except ValidationError as error:
            _show_errors(request, error)
    previews = querysets.preview(request.user)
    shown = [c.pk for p in previews for c in p.sample]
    registry.personal_data_read(request.user, "customers.contact", shown, "retention_preview")
    context = {
        "nav": "privacy",
        "previews": previews,
        "runs": RetentionRun.objects.select_related("policy")[:20],
        "record_types": RetentionPolicy.RecordType.choices,
        "actions": RetentionPolicy.Action.choices,
        "markets": labels.market_choices(),
        **_can(request),
    }
    return render(request, "privacy_governance/retention.html", context)


@require_POST
@permission_required("privacy.manage_policies")
def retention_run(request: HttpRequest) -> HttpResponse:
    runs = services.apply_retention(actor=request.user)
    messages.success(
        request, _("Retention applied: %(n)s records.") % {"n": sum(r.count for r in runs)}
    )
    return redirect("privacy_governance:retention")


# --- residency and transfers -------------------------------------------------------------------


@permission_required("privacy.view")
def transfers(request: HttpRequest) -> HttpResponse:
    # The log names regions by code; a user sees the transfers out of the regions they may
    # read privacy records in, each region checked as any record of it would be (guards too).
    log = TransferLog.objects.all()
    if grants_for(request.user).region_ids("privacy.view") is not None:
        codes = [r.code for r in Region.objects.all() if may(request.user, "privacy.view", r.pk)]
        log = log.filter(from_region__in=codes)
    policies = list(
        ResidencyPolicy.objects.visible_to(request.user).select_related(
            "user_region", "data_region"
        )
    )
    context = {
        "nav": "privacy",
        "policies": policies,
        "policy_reasons": transfer_reasons.explain(policies),
        "region_names": labels.region_names(),
        "region_ids": {str(pk): name for pk, name in Region.objects.values_list("pk", "name")},
        "regions": Region.objects.all(),
        "mechanisms": Mechanism.choices,
        "log": log[:200],
        "refusals": AuditEvent.objects.filter(action="identity.access_refused").order_by("-seq")[
            :50
        ],
        **_can(request),
    }
    return render(request, "privacy_governance/transfers.html", context)


@require_POST
@permission_required("privacy.manage_policies")
def transfer_policy(request: HttpRequest) -> HttpResponse:
    if "defaults" in request.POST:
        added = services.ensure_default_policies(actor=request.user)
        messages.success(request, _("%(n)s default policies added.") % {"n": added})
        return redirect("privacy_governance:transfers")
    regions = {str(r.pk): r for r in Region.objects.all()}
    user_region = regions.get(request.POST.get("user_region", ""))
    data_region = regions.get(request.POST.get("data_region", ""))
    if user_region is None or data_region is None:
        messages.error(request, _("Choose both regions."))
        return redirect("privacy_governance:transfers")
    try:
        services.set_policy(
            user_region,
            data_region,
            allowed=request.POST.get("allowed") == "on",
            mechanism=request.POST.get("mechanism", ""),
            reference=request.POST.get("reference", ""),
            actor=request.user,
        )
        messages.success(request, _("Residency policy saved."))
    except ValidationError as error:
        _show_errors(request, error)
    return redirect("privacy_governance:transfers")


# --- records of processing ---------------------------------------------------------------------

CSV_COLUMNS = (
    "purpose", "name", "lawful_basis", "data_subjects", "recipients", "apps",
    "data_categories", "transfers", "retention", "security_measures",
)  # fmt: skip


def _csv_value(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@permission_required("privacy.view")
def processing(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.save_processing_activity(
                request.POST.get("purpose", ""), request.POST.dict(), actor=request.user
            )
            messages.success(request, _("Processing activity saved."))
            return redirect("privacy_governance:processing")
        except ValidationError as error:
            _show_errors(request, error)
    records = reports.records_of_processing()
    fmt = request.GET.get("format", "")
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"records": records}, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="records-of-processing.json"'
        return response
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for entry in records:
            writer.writerow([_csv_value(entry[c]) for c in CSV_COLUMNS])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="records-of-processing.csv"'
        return response
    activities = {a.purpose: a for a in ProcessingActivity.objects.all()}
    context = {
        "nav": "privacy",
        "records": [(r, activities.get(r["purpose"])) for r in labels.shown_records(records)],
        "bases": LawfulBasis.choices,
        **_can(request),
    }
    return render(request, "privacy_governance/processing.html", context)


# --- breaches ----------------------------------------------------------------------------------


def _when(text: str) -> datetime.datetime | None:
    """A datetime-local field's value in the viewer's time zone."""
    moment = parse_datetime(text.strip()) if text else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def _save_breach(form: BreachForm, request: HttpRequest, found: Breach | None) -> Breach | None:
    """Validate the form, then the service; errors go beside their fields, input stays."""
    if not form.is_valid():
        return None
    try:
        if found is None:
            return services.record_breach(form.service_data(), actor=request.user)
        return services.update_breach(found, form.service_data(), actor=request.user)
    except ValidationError as error:
        for name, texts in error.errors.items():
            for text in texts:
                form.add_error(name if name in form.fields else None, text)
    return None


@permission_required("privacy.view")
def breaches(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, services.MANAGE_BREACHES)  # before any validation
        breach = _save_breach(form, request, None)
        if breach is not None:
            return redirect("privacy_governance:breach", pk=breach.pk)
    now = timezone.now()
    rows = [
        (b, reports.breach_deadlines(b, now))
        for b in Breach.objects.prefetch_related("notifications")[:100]
    ]
    context = {
        "nav": "privacy",
        "rows": rows,
        "form": form,
        **_can(request),
    }
    status = 422 if form.is_bound else 200
    return render(request, "privacy_governance/breaches.html", context, status=status)


@permission_required("privacy.view")
def breach(request: HttpRequest, pk: str) -> HttpResponse:
    breach_id = parse_uuid(pk)
    found = Breach.objects.filter(pk=breach_id).first() if breach_id else None
    if found is None:
        raise Http404()
    editing = request.method == "POST" and request.POST.get("step") != "notify"
    form = BreachForm(request.POST if editing else None, breach=found)
    if request.method == "POST" and editing:
        require(request.user, services.MANAGE_BREACHES)  # before any validation
        if _save_breach(form, request, found) is not None:
            messages.success(request, _("Breach register updated."))
            return redirect("privacy_governance:breach", pk=found.pk)
    elif request.method == "POST":
        try:
            services.record_notification(
                found,
                recipient=request.POST.get("recipient", ""),
                jurisdiction=request.POST.get("jurisdiction", ""),
                notified_at=_when(request.POST.get("notified_at", "")),
                reference=request.POST.get("reference", ""),
                actor=request.user,
            )
            messages.success(request, _("Breach register updated."))
            return redirect("privacy_governance:breach", pk=found.pk)
        except ValidationError as error:
            _show_errors(request, error)
    context = {
        "nav": "privacy",
        "breach": found,
        "deadlines": reports.breach_deadlines(found),
        "notifications": found.notifications.all(),
        "recipients": BreachNotification.Recipient.choices,
        "form": form,
        "packs": jurisdictions.all_packs(),
        **_can(request),
    }
    status = 422 if form.is_bound else 200
    return render(request, "privacy_governance/breach.html", context, status=status)
