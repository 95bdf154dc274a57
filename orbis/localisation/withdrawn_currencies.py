"""Which currencies are no longer in use, so that lists of rates show only the living ones.

A currency is withdrawn on a date when ISO 4217 no longer lists it (today: pycountry's list of
current codes; a past date: the periods in which CLDR, through Babel, records it as legal
tender somewhere), or when the ECB stopped quoting it: its newest ECB rate lies more than
WITHDRAWN_AFTER_DAYS before the ECB's newest day (the rouble since March 2022). The stored rates
of withdrawn currencies stay: a past date still converts, and a list of rates as of a date
before the withdrawal shows them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import cache

import pycountry
from babel.core import get_global
from django.utils import timezone

from .models import ExchangeRate

# The longest TARGET closure is four days (Easter); a month without a rate is no holiday.
WITHDRAWN_AFTER_DAYS = 30

_Period = tuple[datetime.date, datetime.date | None]


@cache
def _tender_periods() -> dict[str, tuple[_Period, ...]]:
    """Each currency's periods as legal tender in any territory, from CLDR."""
    periods: defaultdict[str, list[_Period]] = defaultdict(list)
    for entries in get_global("territory_currencies").values():
        for code, start, end, tender in entries:
            if tender and start:
                periods[code].append((datetime.date(*start), datetime.date(*end) if end else None))
    return {code: tuple(spans) for code, spans in periods.items()}


def in_iso_4217(currency: str, on: datetime.date | None = None) -> bool:
    """Whether `currency` is a current ISO 4217 currency on `on` (today when omitted).

    A code CLDR has no tender period for (a fund code, a precious metal) is given the benefit
    of the doubt for past dates: only a currency known to have ended is withdrawn.
    """
    if on is None or on >= timezone.localdate():
        return pycountry.currencies.get(alpha_3=currency) is not None
    spans = _tender_periods().get(currency)
    if not spans:
        return True
    return any(start <= on and (end is None or on <= end) for start, end in spans)


def without_withdrawn(
    rows: list[ExchangeRate], on: datetime.date | None = None
) -> list[ExchangeRate]:
    """`rows` (each currency's newest rate up to `on`) without the currencies withdrawn then."""
    newest_ecb = max((row.date for row in rows if not row.is_manual), default=None)
    quoted_since = (
        newest_ecb - datetime.timedelta(days=WITHDRAWN_AFTER_DAYS) if newest_ecb else None
    )
    return [
        row
        for row in rows
        if in_iso_4217(row.currency, on)
        and (row.is_manual or quoted_since is None or row.date >= quoted_since)
    ]
