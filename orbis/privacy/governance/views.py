"""The privacy officer's pages: dashboard, retention, transfers, records of processing, breaches.

Reading needs privacy.view; changing policies privacy.manage_policies, breaches
privacy.manage_breaches (checked again by the services). Views are thin: parse, call, render.
"""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.audit.models import AuditEvent, ReadEvent
from orbis.identity.access import grants_for, has_permission, may, require
from orbis.identity.models import User
from orbis.kernel.errors import ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import WorkCount, registry
from orbis.kernel.tabular import SafeCsvWriter
from orbis.kernel.web.forms import errors_to_form
from orbis.kernel.web.lists import list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.permissions import permission_required
from orbis.localisation.models import Region
from orbis.privacy import jurisdictions

from . import labels, querysets, reports, services, transfer_reasons
from .forms import (
    BreachForm,
    NotificationForm,
    ProcessingActivityForm,
    ResidencyPolicyForm,
    RetentionPolicyForm,
)
from .lists import BREACHES, REFUSALS, TRANSFERS
from .models import (
    Breach,
    ProcessingActivity,
    ResidencyPolicy,
    RetentionPolicy,
    RetentionRun,
    TransferLog,
)

RECENT_RUNS = 20  # the retention page shows the latest runs; each is in the audit trail too


def _can(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_manage_policies": has_permission(request.user, services.MANAGE_POLICIES),
        "can_manage_breaches": has_permission(request.user, services.MANAGE_BREACHES),
    }


# --- dashboard ---------------------------------------------------------------------------------


def _request_counts(user: Any) -> WorkCount | None:
    """Open and overdue data-subject requests, when the requests app is installed."""
    counter = registry.work_counters.get("privacy_requests")
    return counter(user) if counter else None


@permission_required("privacy.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    verify_head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    context = {
        "nav": "privacy",
        "requests": _request_counts(request.user),
        "retention_policies": RetentionPolicy.objects.filter(enabled=True).count(),
        "last_run": RetentionRun.objects.order_by("-created_at").first(),
        "transfers_week": TransferLog.objects.filter(occurred_at__gte=_week_ago()).count(),
        "refusals_week": _refusals().filter(occurred_at__gte=_week_ago()).count(),
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
    form = RetentionPolicyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, services.MANAGE_POLICIES)  # before any validation
        if form.is_valid():
            try:
                services.create_retention_policy(form.cleaned_data, actor=request.user)
                messages.success(request, _("Retention policy saved."))
                return redirect("privacy_governance:retention")
            except ValidationError as error:
                errors_to_form(form, error)
    previews = querysets.preview(request.user)
    shown = [c.pk for p in previews for c in p.sample]
    registry.personal_data_read(request.user, "customers.contact", shown, "retention_preview")
    context = {
        "nav": "privacy",
        "previews": previews,
        "runs": RetentionRun.objects.select_related("policy")[:RECENT_RUNS],
        "recent_runs": RECENT_RUNS,
        "form": form,
        **_can(request),
    }
    status = 422 if form.is_bound else 200
    return render(request, "privacy_governance/retention.html", context, status=status)


@require_POST
@permission_required("privacy.manage_policies")
def retention_run(request: HttpRequest) -> HttpResponse:
    runs = services.apply_retention(actor=request.user)
    messages.success(
        request, _("Retention applied: %(n)s records.") % {"n": sum(r.count for r in runs)}
    )
    return redirect("privacy_governance:retention")


# --- residency and transfers -------------------------------------------------------------------


def _transfer_log(user: Any) -> Any:
    """The log names regions by code; a user sees the transfers out of the regions they may
    read privacy records in, each region checked as any record of it would be (guards too)."""
    log = TransferLog.objects.all()
    if grants_for(user).region_ids("privacy.view") is not None:
        codes = [r.code for r in Region.objects.all() if may(user, "privacy.view", r.pk)]
        log = log.filter(from_region__in=codes)
    return log


def _transfers_page(
    request: HttpRequest, form: ResidencyPolicyForm, status: int = 200
) -> HttpResponse:
    log = _transfer_log(request.user)
    state = list_state(request, TRANSFERS)
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
        "form": form,
        "list": state,
        "page": list_page(request, log, state),
        "count": count_rows(log),
        "refusals_week": _refusals().filter(occurred_at__gte=_week_ago()).count(),
        **_can(request),
    }
    return render(request, "privacy_governance/transfers.html", context, status=status)


@permission_required("privacy.view")
def transfers(request: HttpRequest) -> HttpResponse:
    return _transfers_page(request, ResidencyPolicyForm())


@require_POST
@permission_required("privacy.manage_policies")
def transfer_policy(request: HttpRequest) -> HttpResponse:
    if "defaults" in request.POST:
        added = services.ensure_default_policies(actor=request.user)
        messages.success(request, _("%(n)s default policies added.") % {"n": added})
        return redirect("privacy_governance:transfers")
    form = ResidencyPolicyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_policy(
                data["user_region"],
                data["data_region"],
                allowed=data["allowed"],
                mechanism=data["mechanism"],
                reference=data["reference"],
                actor=request.user,
            )
            messages.success(request, _("Residency policy saved."))
            return redirect("privacy_governance:transfers")
        except ValidationError as error:
            errors_to_form(form, error)
    return _transfers_page(request, form, status=422)


def _refusals() -> Any:
    return AuditEvent.objects.filter(action="identity.access_refused")


def _week_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=7)


@permission_required("privacy.view")
def refusals(request: HttpRequest) -> HttpResponse:
    """Every access a guard refused, newest first: who, which record, held where, and why."""
    rows = _refusals()
    state = list_state(request, REFUSALS)
    context = {
        "nav": "privacy",
        "list": state,
        "page": list_page(request, rows, state),
        "count": count_rows(rows),
        "region_ids": {str(pk): name for pk, name in Region.objects.values_list("pk", "name")},
    }
    return render(request, "privacy_governance/refusals.html", context)


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
    # One form per declared purpose, each prefixed by its purpose code; a POST binds the one
    # it came from, so its errors show beside its fields and the others keep their values.
    posted = request.POST.get("purpose", "") if request.method == "POST" else ""
    bound: ProcessingActivityForm | None = None
    if request.method == "POST":
        require(request.user, services.MANAGE_POLICIES)  # before any validation
        bound = ProcessingActivityForm(request.POST, prefix=posted)
        if bound.is_valid():
            try:
                services.save_processing_activity(posted, bound.cleaned_data, actor=request.user)
                messages.success(request, _("Processing activity saved."))
                return redirect("privacy_governance:processing")
            except ValidationError as error:
                errors_to_form(bound, error)
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
        writer = SafeCsvWriter(out)
        writer.writerow(CSV_COLUMNS)
        for entry in records:
            writer.writerow([_csv_value(entry[c]) for c in CSV_COLUMNS])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="records-of-processing.csv"'
        return response
    activities = {a.purpose: a for a in ProcessingActivity.objects.all()}

    def form_for(purpose: str) -> ProcessingActivityForm:
        if bound is not None and purpose == posted:
            return bound
        found = activities.get(purpose)
        initial = {name: getattr(found, name) for name in _ACTIVITY_FIELDS} if found else None
        return ProcessingActivityForm(prefix=purpose, initial=initial)

    context = {
        "nav": "privacy",
        "records": [(r, form_for(r["purpose"])) for r in labels.shown_records(records)],
        **_can(request),
    }
    status = 422 if bound is not None else 200
    return render(request, "privacy_governance/processing.html", context, status=status)


_ACTIVITY_FIELDS = ("name", "lawful_basis", "data_subjects", "recipients")


# --- breaches ----------------------------------------------------------------------------------


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


def _save_notification(form: NotificationForm, request: HttpRequest, found: Breach) -> bool:
    if not form.is_valid():
        return False
    try:
        services.record_notification(found, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        errors_to_form(form, error)
        return False
    return True


@permission_required("privacy.view")
def breaches(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, services.MANAGE_BREACHES)  # before any validation
        breach = _save_breach(form, request, None)
        if breach is not None:
            return redirect("privacy_governance:breach", pk=breach.pk)
    now = timezone.now()
    state = list_state(request, BREACHES)
    page = list_page(request, Breach.objects.prefetch_related("notifications"), state)
    context = {
        "nav": "privacy",
        "rows": [(b, reports.breach_deadlines(b, now)) for b in page.rows],
        "list": state,
        "page": page,
        "count": count_rows(Breach.objects.all()),
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
    deadlines = reports.breach_deadlines(found)
    notifying = request.method == "POST" and request.POST.get("step") == "notify"
    editing = request.method == "POST" and not notifying
    form = BreachForm(request.POST if editing else None, breach=found)
    notify_form = NotificationForm(
        request.POST if notifying else None, laws=[(d.jurisdiction, d.name) for d in deadlines]
    )
    if request.method == "POST":
        require(request.user, services.MANAGE_BREACHES)  # before any validation
    if editing and _save_breach(form, request, found) is not None:
        messages.success(request, _("Breach register updated."))
        return redirect("privacy_governance:breach", pk=found.pk)
    if notifying and _save_notification(notify_form, request, found):
        messages.success(request, _("Breach register updated."))
        return redirect("privacy_governance:breach", pk=found.pk)
    context = {
        "nav": "privacy",
        "breach": found,
        "deadlines": deadlines,
        "notifications": found.notifications.all(),
        "form": form,
        "notify_form": notify_form,
        "packs": jurisdictions.all_packs(),
        **_can(request),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "privacy_governance/breach.html", context, status=status)
