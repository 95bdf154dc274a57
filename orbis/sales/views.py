"""Sales pages: the board of a pipeline, the deal list, a deal's page, the new-deal form.

Reads start at visible_to(request.user) or access_deal, so a deal outside the user's regions
is a 404 here exactly as in the API; writes go through the services.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticError

from orbis.identity.access import has_permission, may
from orbis.kernel.errors import PreconditionFailed, ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.web.forms import errors_to_form
from orbis.kernel.web.lists import list_page, list_state
from orbis.kernel.web.pages import count_rows
from orbis.kernel.web.partials import render_partial
from orbis.kernel.web.permissions import permission_required
from orbis.kernel.web.requests import AuthenticatedRequest

from . import forecast as forecasting
from . import forecast_page
from .forms import DealForm, MoveForm, QuoteForm
from .lists import DEALS, FILTERS
from .models import Deal, DealStatus, Pipeline, StageChange
from .querysets import access_deal
from .services import deals as deal_services
from .services import quotes as quote_services
from .totals import Converter, sum_by_currency

# Cards per column: the first by close date; the column's count and totals cover all of them
# and the list shows the rest (a board of thousands is read as figures, not cards).
CARDS_PER_STAGE = 20
FORECAST_COLUMNS = ("closed_won", "commit", "best_case", "pipeline")
# Closed deals stay on the board this long after they closed, then only the list shows them.
CLOSED_ON_BOARD = datetime.timedelta(days=90)


def _pipelines(user: Any) -> QuerySet[Pipeline]:
    return Pipeline.objects.visible_to(user).active().select_related("market")


# --- the board ---------------------------------------------------------------------------------


@permission_required("sales.view")
def board(request: AuthenticatedRequest, pk: Any = None) -> HttpResponse:
    pipelines = list(_pipelines(request.user))
    pipeline = next((p for p in pipelines if pk is None or p.pk == pk), None)
    if pipeline is None:
        if pk is not None:
            raise Http404
        return render(request, "sales/board.html", {"nav": "sales", "pipelines": []})
    stages = list(pipeline.stages.order_by("position"))
    recent = timezone.localdate() - CLOSED_ON_BOARD
    on_board = (
        Deal.objects.visible_to(request.user)
        .active()
        .filter(pipeline=pipeline)
        .filter(Q(status=DealStatus.OPEN) | Q(closed_on__gte=recent))
    )
    fields = (
        "id",
        "name",
        "amount",
        "currency",
        "close_date",
        "stage_id",
        "updated_at",
        "status",
        "company__name",
        "owner__username",
        "owner__first_name",
        "owner__last_name",
    )
    # One short query per stage, read in close-date order off deal_board_idx (stage,
    # close_date, id): a ranking window over every deal on the board sorts them all instead.
    cards = {
        stage.pk: list(
            on_board.filter(stage=stage)
            .select_related("company", "owner")
            .only(*fields)
            .order_by("close_date", "id")[:CARDS_PER_STAGE]
        )
        for stage in stages
    }
    counts: dict[tuple[Any, ...], int] = {}
    totals = sum_by_currency(on_board, group=("stage_id",), counts=counts)
    converter = Converter(request.user.reporting_currency)
    columns = []
    for stage in stages:
        monies = totals.get((stage.pk,), [])
        columns.append(
            {
                "stage": stage,
                "cards": cards[stage.pk],
                # Every card of a column is in its stage: one set of picker options per column.
                "move_options": format_html_join(
                    "",
                    '<option value="{}"{} dir="auto">{}</option>',
                    ((o.pk, " selected" if o.pk == stage.pk else "", o.name) for o in stages),
                ),
                "count": counts.get((stage.pk,), 0),
                "totals": converter.totals(monies),
            }
        )
    context = {
        "nav": "sales",
        "pipelines": pipelines,
        "pipeline": pipeline,
        "columns": columns,
        "stages": stages,
        "rates_used": converter.used,
        "can_change": has_permission(request.user, "sales.change"),
        "can_add": has_permission(request.user, "sales.add"),
        "cards_per_stage": CARDS_PER_STAGE,
    }
    return render(request, "sales/board.html", context)


@require_POST
@permission_required("sales.change")
def move(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    """Move a deal to a stage: from the board's drag and drop (JSON back) or its keyboard
    form (back to the board)."""
    form = MoveForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    problem = ""
    if not form.is_valid():
        problem = _("Choose a stage.")
    else:
        try:
            deal = deal_services.move_deal(
                pk,
                form.cleaned_data["stage"],
                actor=request.user,
                version=form.cleaned_data["version"] or None,
                reason=form.cleaned_data["reason"] or None,
            )
        except PreconditionFailed:
            problem = _("Someone else changed this deal meanwhile; the board shows it again.")
        except ValidationError as error:
            problem = " ".join(m for ms in error.errors.values() for m in ms)
    if wants_json:
        if problem:
            return JsonResponse({"error": problem}, status=422)
        return JsonResponse({"version": deal.etag, "status": deal.status})
    if problem:
        messages.error(request, problem)
    else:
        messages.success(
            request,
            _("Moved “%(deal)s” to %(stage)s.")
            % {
                "deal": deal.name,
                "stage": deal.stage.name,
            },
        )
    target = request.POST.get("next", "")
    if target == "deal":
        return redirect("sales:deal_detail", pk=pk)
    board_pipeline = Deal.objects.filter(pk=pk).values_list("pipeline_id", flat=True).first()
    return (
        redirect("sales:board_of", pk=board_pipeline) if board_pipeline else redirect("sales:board")
    )


# --- the list ----------------------------------------------------------------------------------


def _filtered(
    request: AuthenticatedRequest, rows: QuerySet[Deal]
) -> tuple[QuerySet[Deal], dict[str, str]]:
    params = {name: request.GET.get(name, "").strip()[:100] for name in FILTERS}
    if params["q"]:
        rows = rows.filter(sort_name__contains=params["q"].casefold())
    if params["pipeline"]:
        rows = (
            rows.filter(pipeline_id=params["pipeline"])
            if parse_uuid(params["pipeline"])
            else rows.none()
        )
    if params["status"] in DealStatus.values:
        rows = rows.filter(status=params["status"])
    if params["owner"] == "me":
        rows = rows.filter(owner=request.user)
    elif params["owner"]:
        owner = parse_uuid(params["owner"])
        rows = rows.filter(owner_id=owner) if owner else rows.none()
    if params["market"]:
        rows = rows.filter(market__country=params["market"].upper())
    return rows, params


@permission_required("sales.view")
def deal_list(request: AuthenticatedRequest) -> HttpResponse:
    rows, params = _filtered(request, Deal.objects.visible_to(request.user).active().with_details())
    state = list_state(request, DEALS)
    page = list_page(request, rows, state)
    converter = Converter(request.user.reporting_currency)
    footer = converter.totals(sum_by_currency(rows).get((), []))
    context = {
        "nav": "sales",
        "list": state,
        "page": page,
        "count": count_rows(rows),
        "params": params,
        "footer": footer,
        "pipelines": _pipelines(request.user),
        "statuses": DealStatus.choices,
        "can_add": has_permission(request.user, "sales.add"),
    }
    return render_partial(request, "sales/deal_list.html", context)


# --- one deal ----------------------------------------------------------------------------------


def stage_durations(changes: list[StageChange], now: datetime.datetime) -> list[dict[str, Any]]:
    """Each stay in a stage: when it began, how long it lasted (until the next move, or now)."""
    out = []
    for i, change in enumerate(changes):
        until = changes[i + 1].changed_at if i + 1 < len(changes) else now
        out.append({"change": change, "duration": until - change.changed_at})
    return out


@permission_required("sales.view")
def deal_detail(request: AuthenticatedRequest, pk: Any) -> HttpResponse:
    deal = access_deal(request.user, pk)
    changes = list(
        StageChange.objects.filter(deal=deal)
        .select_related("from_stage", "to_stage")
        .order_by("changed_at")
    )
    context = {
        "nav": "sales",
        "deal": deal,
        "history": stage_durations(changes, timezone.now()),
        "contact_roles": deal.contact_roles.select_related("contact").order_by("role"),
        "lines": deal.lines.select_related("product").order_by("position"),
        "stages": deal.pipeline.stages.order_by("position"),
        "converted": Converter(request.user.reporting_currency).totals([deal.value]),
        "can_change": may(request.user, "sales.change", deal.region_id),
        "quotes": deal.quotes.order_by("-version"),
        "quote_form": QuoteForm(
            deal=deal,
            initial={
                "language": translation.get_language(),
                "valid_until": timezone.localdate() + quote_services.DEFAULT_VALIDITY,
            },
        ),
    }
    return render(request, "sales/deal_detail.html", context)


@permission_required("sales.add")
def deal_create(request: AuthenticatedRequest) -> HttpResponse:
    form = DealForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                deal = deal_services.create_deal(
                    {
                        **form.cleaned_data,
                        "close_date": form.cleaned_data["close_date"].isoformat(),
                    },
                    actor=request.user,
                )
            except ValidationError as error:
                errors_to_form(form, error)
                status = 422
            else:
                messages.success(request, _("Deal created."))
                return redirect("sales:deal_detail", pk=deal.pk)
        else:
            status = 422
    return render(request, "sales/deal_form.html", {"nav": "sales", "form": form}, status=status)


# --- forecast ----------------------------------------------------------------------------------


@permission_required("sales.view")
def forecast(request: AuthenticatedRequest) -> HttpResponse:
    asked = {k: v for k, v in request.GET.items() if k in ("start", "months") and v}
    problem = ""
    try:
        query = forecasting.ForecastQuery.model_validate(asked)
    except PydanticError as error:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        query = forecasting.ForecastQuery.model_validate({})
    result = forecasting.build(request.user, query)
    rows = [
        {"month": m.month, "weighted": m.weighted, "cells": [m.amount(c) for c in FORECAST_COLUMNS]}
        for m in result.months
    ]
    context = {
        "nav": "sales",
        "forecast": result,
        "query": query,
        "rows": rows,
        "totals": [result.total(c) for c in FORECAST_COLUMNS],
        "start_value": result.months[0].month.isoformat(),
        "problem": problem,
    }
    context |= forecast_page.sections(
        request.user, result.months[0].month, query.months, request.GET.get("rates_on")
    )
    problem = problem or str(context["rates_problem"] or "")
    return render(request, "sales/forecast.html", context, status=400 if problem else 200)
