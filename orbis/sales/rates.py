"""The dated rate a sales document locks: a won deal at its close date, an order at its
booking date, a sent quote on the day it is sent.

The rate is the latest reference rate on or before that day (a Sunday's order uses Friday's
rate, and the snapshot's date says so), into the organisation's reporting currency.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from orbis.kernel.money import Money
from orbis.localisation.fx import Conversion, convert


def reporting_currency() -> str:
    return str(settings.REPORTING_CURRENCY)


def conversion_on(money: Money, day: datetime.date) -> Conversion:
    """`money` in the reporting currency at the rate of `day` (or the latest before it)."""
    return convert(money, reporting_currency(), day, on_or_before=True)


def snapshot_fields(conversion: Conversion) -> dict[str, Any]:
    """The RateSnapshot columns of a conversion."""
    return {
        "reporting_currency": conversion.converted.currency,
        "reporting_amount": conversion.converted.amount,
        "fx_rate": conversion.rate,
        "fx_date": conversion.rate_date,
        "fx_source": conversion.source or "identity",
    }


def lock_rate(document: Any, money: Money, day: datetime.date) -> dict[str, Any]:
    """Set `document`'s snapshot to `money` at `day`'s rate; the changed columns."""
    fields = snapshot_fields(conversion_on(money, day))
    for name, value in fields.items():
        setattr(document, name, value)
    return fields


def clear_rate(document: Any) -> None:
    """An open document again (a won deal reopened) has no locked rate."""
    document.reporting_currency = ""
    document.reporting_amount = None
    document.fx_rate = None
    document.fx_date = None
    document.fx_source = ""


SNAPSHOT_FIELDS = ["reporting_currency", "reporting_amount", "fx_rate", "fx_date", "fx_source"]
