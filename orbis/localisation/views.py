"""The markets settings pages: the list, adding a market pre-filled from the libraries, editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from orbis.kernel.errors import ValidationError
from orbis.kernel.web.permissions import permission_required

from . import services
from .addresses import format_address
from .countries import country_name
from .forms import MarketForm, initial_from_defaults, initial_from_market, viewer_locale
from .markets import has_holiday_calendar, holiday_subdivisions, market_defaults
from .models import Market, Region

# has_perm() reaches the user's Orbis roles through identity's permission backend.
manager_required = permission_required(services.MANAGE_MARKETS)


@manager_required
def market_list(request: HttpRequest) -> HttpResponse:
    locale = viewer_locale()
    days = locale.days["format"]["abbreviated"]
    rows = []
    for market in Market.objects.select_related("region"):
        rows.append(
            {
                "market": market,
                "name": country_name(market.country, str(locale)),
                "working_days": [days[day - 1] for day in market.working_days],
                "holidays": _holiday_calendar_label(market, str(locale)),
                "address": format_address(market.legal_entity_address).split("\n")
                if market.legal_entity_address
                else [],
            }
        )
    rows.sort(key=lambda row: str(row["name"]).casefold())
    return render(request, "localisation/markets.html", {"nav": "markets", "rows": rows})


@manager_required
def market_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MarketForm(request.POST)
        if form.is_valid():
            values = form.service_values()
            try:
                market = services.create_market(
                    form.cleaned_data["country"],
                    values.pop("region"),
                    values.pop("default_currency"),
                    values.pop("default_language"),
                    values.pop("time_zone"),
                    **values,
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(
                    request,
                    _("Market %(country)s added.")
                    % {"country": country_name(market.country, str(viewer_locale()))},
                )
                return redirect("localisation:market_list")
        return _form_page(request, form, status=422)
    country = (request.GET.get("country") or "").strip().upper()
    initial: dict[str, Any] = {}
    if country:
        region = _region_or_none(request.GET.get("region"))
        try:
            initial = initial_from_defaults(market_defaults(country), region)
        except ValidationError:
            initial = {}
    form = MarketForm(initial=initial)
    if getattr(request, "htmx", False):
        return render(request, "localisation/market_form.html#fields", {"form": form})
    return _form_page(request, form)


@manager_required
def market_edit(request: HttpRequest, country: str) -> HttpResponse:
    market = get_object_or_404(Market, country=country.upper())
    if request.method == "POST":
        form = MarketForm(request.POST, market=market, initial=initial_from_market(market))
        if form.is_valid():
            try:
                services.update_market(market, **form.service_values(), actor=request.user)
            except ValidationError as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(
                    request,
                    _("Market %(country)s saved.")
                    % {"country": country_name(market.country, str(viewer_locale()))},
                )
                return redirect("localisation:market_list")
        return _form_page(request, form, market=market, status=422)
    form = MarketForm(market=market, initial=initial_from_market(market))
    return _form_page(request, form, market=market)


def _form_page(
    request: HttpRequest, form: MarketForm, market: Market | None = None, status: int = 200
) -> HttpResponse:
    context = {"nav": "markets", "form": form, "market": market}
    if market is not None:
        context["country_label"] = country_name(market.country, str(viewer_locale()))
    return render(request, "localisation/market_form.html", context, status=status)


def _region_or_none(raw: str | None) -> Region | None:
    try:
        return Region.objects.filter(pk=raw).first() if raw else None
    except (ValueError, DjangoValidationError):  # a malformed id pre-fills no region
        return None


def _holiday_calendar_label(market: Market, locale: str) -> str:
    if not has_holiday_calendar(market.country):
        return _("none available")
    if market.holiday_subdivision:
        code = market.holiday_subdivision
        name = holiday_subdivisions(market.country).get(code, code)
        return f"{country_name(market.country, locale)} · {name}"
    return _("%(country)s, nationwide") % {"country": country_name(market.country, locale)}
