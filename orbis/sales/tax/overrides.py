"""Site settings that replace a shipped rate or hand the whole calculation to a tax service.

US sales tax (and Brazil's flat approximation) cannot be right out of the box: local rates add
to the state's, and only the site knows where it must collect. So the site may set

- `ORBIS_SALES_TAX_RATES = {"US-CA": "8.25", "BR": "20"}`: the standard rate it charges in a
  state ("US-CA") or a country ("BR"), replacing the shipped figure on every date;
- `ORBIS_TAX_SERVICE = "dotted.path.to.callable"`: a callable with the signature of `tax_for`
  that answers for every sale whose buyer is in `ORBIS_TAX_SERVICE_COUNTRIES` (default
  `["US"]`), e.g. a client of a commercial sales-tax service.

Settings are read at call time, never at import, so a test's `settings` fixture takes effect.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .rules import STANDARD, CountryRules, Subdivision, TaxRate, with_rate

DEFAULT_SERVICE_COUNTRIES = ("US",)


def _configured_rates() -> dict[str, Decimal]:
    raw = getattr(settings, "ORBIS_SALES_TAX_RATES", None) or {}
    rates = {}
    for key, value in raw.items():
        try:
            rate = Decimal(str(value))
        except InvalidOperation:
            raise ImproperlyConfigured(
                f"ORBIS_SALES_TAX_RATES[{key!r}] is not a percentage: {value!r}."
            ) from None
        if not rate.is_finite() or rate < 0:
            raise ImproperlyConfigured(f"ORBIS_SALES_TAX_RATES[{key!r}] must be 0 or more.")
        rates[str(key).strip().upper()] = rate
    return rates


def apply_rate_overrides(
    rates: list[TaxRate],
    rules: CountryRules,
    subdivision: Subdivision | None,
    on: datetime.date,
) -> list[TaxRate]:
    """`rates` with the site's configured standard rate for the state or country, if any.

    The configured rate replaces the jurisdiction's own standard line (a state's sales tax, not
    the federal GST beside a province's); it holds on every date, so a shipped table that starts
    later than an old invoice does not stop the site from taxing it.
    """
    configured = _configured_rates()
    key = f"{rules.country}-{subdivision.code}" if subdivision else rules.country
    if key not in configured:
        return rates
    percent = configured[key]
    citation = f"Site setting ORBIS_SALES_TAX_RATES[{key!r}]"
    own = [r for r in (subdivision.rates if subdivision else rules.rates) if r.category == STANDARD]
    if not own:
        raise ImproperlyConfigured(
            f"ORBIS_SALES_TAX_RATES[{key!r}]: the tax rules have no standard rate of {key} "
            "to replace."
        )
    in_force = [r for r in own if r.in_force(on)]
    template = in_force[0] if in_force else max(own, key=lambda r: r.valid_from)
    replacement = with_rate(template, percent, f"{citation}, replacing: {template.citation}")
    replaced = (STANDARD, template.code, template.subdivision)
    kept = [r for r in rates if (r.category, r.code, r.subdivision) != replaced]
    return [*kept, replacement]


def tax_service(buyer_country: str) -> Callable[..., Any] | None:
    """The configured tax service when it answers for sales to `buyer_country`, else None."""
    path = getattr(settings, "ORBIS_TAX_SERVICE", "") or ""
    if not path:
        return None
    countries = getattr(settings, "ORBIS_TAX_SERVICE_COUNTRIES", None)
    listed = {c.strip().upper() for c in (countries or DEFAULT_SERVICE_COUNTRIES)}
    if buyer_country not in listed:
        return None
    try:
        service: Callable[..., Any] = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"ORBIS_TAX_SERVICE {path!r} cannot be imported: {error}"
        ) from error
    if not callable(service):
        raise ImproperlyConfigured(f"ORBIS_TAX_SERVICE {path!r} is not callable.")
    return service
