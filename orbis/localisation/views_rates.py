"""The exchange-rates page: the newest rates, a converter, and manual rates for the permitted."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_currency_name
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money

from . import fx, services
from .forms_rates import ConverterForm, ManualRateForm, RatesAsOfForm
from .rate_age import rate_age
from .templatetags.orbis_money import rate as format_rate
from .templatetags.orbis_money import viewer_locale
from .withdrawn_currencies import without_withdrawn


def _rates_context(request: HttpRequest) -> dict[str, Any]:
    """The newest rates as of today, or of the past day `?on=` asks for, and their age.

    Currencies withdrawn by that day (CYP, EEK, RUB...) are left out; a day before their
    withdrawal shows them with the rates they had then.
    """
    locale = viewer_locale()
    as_of_form = RatesAsOfForm(request.GET if "on" in request.GET else None)
    on = as_of_form.cleaned_data["on"] if as_of_form.is_valid() else None
    newest = fx.latest_rates(on)
    latest_ecb_date = max((row.date for row in newest if not row.is_manual), default=None)
    return {
        "nav": "rates",
        "as_of_form": as_of_form,
        "as_of": on,
        "rates": [
            {"row": row, "name": get_currency_name(row.currency, locale=locale)}
            for row in without_withdrawn(newest, on)
        ],
        "latest_ecb_date": latest_ecb_date,
        "ecb_age": rate_age(latest_ecb_date, on) if latest_ecb_date else None,
        "can_manage": request.user.has_perm(fx.MANAGE_RATES),
    }


def _converter(request: HttpRequest) -> tuple[ConverterForm, fx.Conversion | None]:
    """The converter form from the query string and, when it is valid, its conversion."""
    if "amount" not in request.GET:
        user: Any = request.user
        initial = {
            "amount": "100",
            "from_currency": "EUR",
            "to_currency": getattr(user, "reporting_currency", "") or "USD",
            "date": fx.latest_ecb_date(),
        }
        if initial["to_currency"] == "EUR":
            initial["to_currency"] = "USD"
        return ConverterForm(initial=initial), None
    form = ConverterForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        money = Money(data["amount"], data["from_currency"])
        conversion = fx.convert(
            money, data["to_currency"], data["date"], on_or_before=data["on_or_before"]
        )
    except ValidationError as exc:
        for field, errors in exc.errors.items():
            target = {"currency": "from_currency"}.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
        return form, None
    return form, conversion


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    converter, conversion = _converter(request)
    context: dict[str, Any] = {"converter": converter, "conversion": conversion}
    if getattr(request, "htmx", False) and "amount" in request.GET:
        return render(request, "localisation/rates.html#converter", context)
    context.update(_rates_context(request))
    context["manual_form"] = ManualRateForm()
    return render(request, "localisation/rates.html", context)


@login_required
@require_POST
def record_manual_rate(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(fx.MANAGE_RATES):
        raise PermissionDenied
    form = ManualRateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.record_manual_rate(
                data["currency"], data["date"], data["rate"], data["source"], actor=request.user
            )
        except ValidationError as exc:
            for field, errors in exc.errors.items():
                form.add_error(field, errors)
        else:
            messages.success(
                request,
                _("Recorded: 1 EUR = %(rate)s %(currency)s on %(date)s (%(source)s).")
                % {
                    "rate": format_rate(entry.rate),
                    "currency": entry.currency,
                    "date": entry.date.isoformat(),
                    "source": entry.source,
                },
            )
            return redirect("localisation_rates:rates")
    converter, conversion = _converter(request)
    context: dict[str, Any] = {
        "converter": converter,
        "conversion": conversion,
        "manual_form": form,
    }
    context.update(_rates_context(request))
    return render(request, "localisation/rates.html", context, status=422)
