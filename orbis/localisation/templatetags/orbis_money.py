"""Template helpers that show money as the viewer reads it, and in the viewer's own currency.

{{ amount|money }}                    "$1,234.50", "1.234,50 $", "$1,234.50" per the viewer's locale
{% in_reporting_currency amount %}    "≈ €1,105.07 · ECB rate of 30 Oct 2026", in the viewer's
                                      reporting currency, with the date and age of the rate used
{% rate_age rate_date as_of %}        "5 weeks ago" in the viewer's language, a warning badge
                                      when the rate is stale (rate_age.py)
"""

from __future__ import annotations

import datetime
from typing import Any

from babel.dates import format_timedelta
from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money

from ..dates import format_day
from ..fx import Conversion, convert
from ..rate_age import RateAge
from ..rate_age import rate_age as age_of_rate

register = template.Library()


def viewer_locale() -> str:
    """The Babel locale of the active language: 'pt-br' -> 'pt_BR'."""
    return translation.to_locale(translation.get_language() or "en")


def format_money(value: Money, locale: str | None = None) -> str:
    return format_currency(value.amount, value.currency, locale=locale or viewer_locale())


@register.filter
def money(value: Money | None) -> str:
    """A Money as the viewer's locale writes it (symbol, separators, the currency's decimals)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Money):
        return str(value)
    return format_money(value)


@register.filter
def money_of(amount: Any, currency: str) -> str:
    """A stored amount (a Decimal column) in `currency`, rounded to its minor units."""
    if amount is None or amount == "":
        return ""
    return format_money(Money(amount, currency))


@register.filter
def rate_date(value: datetime.date | None) -> str:
    """A rate's date in the viewer's locale, medium length: 30 Oct 2026, 30.10.2026."""
    return format_day(value)


@register.filter
def rate(value: Any) -> str:
    """An exchange rate with up to six decimals, in the viewer's locale."""
    if value is None or value == "":
        return ""
    return format_decimal(value, format="#,##0.######", locale=viewer_locale())


def age_phrase(age: RateAge) -> str:
    """The age in the viewer's language (CLDR units through Babel): "5 weeks ago", "today".

    Against a past date the age is relative to that date: "3 days before 23 Oct 2026".
    """
    if age.days == 0:
        return _("today") if age.as_of_today else ""
    span = datetime.timedelta(days=age.days)
    # threshold 1.5: 34 days read "5 weeks", not the rounded "1 month".
    options: dict[str, Any] = {"granularity": "day", "threshold": 1.5, "locale": viewer_locale()}
    if age.as_of_today:
        return format_timedelta(-span, add_direction=True, **options)
    return _("%(age)s before %(date)s") % {
        "age": format_timedelta(span, **options),
        "date": rate_date(age.as_of),
    }


@register.simple_tag(name="rate_age")
def rate_age_note(
    rate_day: datetime.date | None, as_of: datetime.date | None = None
) -> SafeString | str:
    """How old a rate of `rate_day` is for `as_of` (today): muted, or a warning when stale."""
    if not rate_day:
        return ""
    age = age_of_rate(rate_day, as_of)
    phrase = age_phrase(age)
    if not age.stale:
        return (
            format_html(
                '<span class="rate-age text-body-secondary" data-rate-age="fresh">{}</span>', phrase
            )
            if phrase
            else ""
        )
    why = ngettext(
        "%(count)d ECB publishing day old: conversions for later dates still use this rate.",
        "%(count)d ECB publishing days old: conversions for later dates still use this rate.",
        age.business_days,
    ) % {"count": age.business_days}
    return format_html(
        '<span class="rate-age badge text-bg-warning" data-rate-age="stale" title="{}">'
        '<i class="bi bi-exclamation-triangle-fill" aria-hidden="true"></i> {}'
        '<span class="visually-hidden"> — {}</span></span>',
        why,
        phrase,
        why,
    )


def reporting_conversion(
    value: Money, currency: str, on: datetime.date | None
) -> Conversion | None:
    """`value` in `currency` at the latest rate on or before `on`; None when there is none."""
    try:
        return convert(value, currency, on, on_or_before=True)
    except ValidationError:
        return None


@register.simple_tag(takes_context=True)
def in_reporting_currency(
    context: template.Context, value: Money | None, on: datetime.date | None = None
) -> SafeString | str:
    """The amount in the viewer's reporting currency, with the rate's date and source.

    Nothing when the amount is in that currency already or no rate exists: a figure without
    its rate is not shown at all.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    currency = getattr(user, "reporting_currency", "") or "EUR"
    if not isinstance(value, Money) or value.currency == currency:
        return ""
    conversion = reporting_conversion(value, currency, on)
    if conversion is None:
        return ""
    return format_html(
        '<span class="text-body-secondary small" title="{}">≈ {} · {}</span> {}',
        _("1 %(from)s = %(rate)s %(to)s")
        % {"from": value.currency, "rate": rate(conversion.rate), "to": currency},
        format_money(conversion.converted),
        _("%(source)s rate of %(date)s")
        % {"source": conversion.source, "date": rate_date(conversion.rate_date)},
        # Without a date the amount is converted for today: an old rate must say so.
        rate_age_note(conversion.rate_date, conversion.requested_date),
    )
