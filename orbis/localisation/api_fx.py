"""API: convert an amount at a date, answering with the rate, its date, its source and its age."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money

from .fx import convert
from .rate_age import STALE_AFTER_BUSINESS_DAYS, rate_age

router = Router()
# convert()'s field names -> this endpoint's query parameters.
_PARAMETERS = {"to_currency": "to"}


class MoneyOut(Schema):
    amount: Decimal
    currency: str


class ConversionOut(Schema):
    original: MoneyOut
    converted: MoneyOut
    rate: Decimal
    rate_date: datetime.date
    requested_date: datetime.date
    source: str
    # Added after the first release: clients that do not know these fields may ignore them.
    rate_age_days: int = Field(
        description="Calendar days from rate_date to requested_date (or today, if that is "
        "earlier): 0 when the rate is of the day asked for."
    )
    rate_age_business_days: int = Field(
        description="ECB publishing days (TARGET business days) in the same span: the ECB "
        "publishes no rates at weekends and on TARGET holidays."
    )
    rate_stale: bool = Field(
        description=f"True when rate_age_business_days exceeds {STALE_AFTER_BUSINESS_DAYS}: "
        "newer rates are missing (the ECB refresh has not run), not merely unpublished."
    )


# What the document says of a currency code (the service checks it is a current ISO 4217 one).
_TARGET = Query(..., pattern="^[A-Za-z]{3}$")
_SOURCE = Query("EUR", pattern="^[A-Za-z]{3}$")
_DATE = Query(...)


@router.get("/fx/convert", response=ConversionOut)
def convert_amount(
    request: HttpRequest,
    amount: Decimal,
    to: str = _TARGET,
    date: datetime.date = _DATE,
    on_or_before: bool = False,
    currency: str = _SOURCE,
) -> dict[str, object]:
    """`amount` of `currency` in `to` at the ECB (or manual) rate of `date`.

    A date without a rate is a 422 naming the nearest dates that have one; `on_or_before=true`
    takes the latest earlier rate instead, and `rate_date` then says which day it was.
    `rate_age_days` and `rate_age_business_days` say how old that rate is for the date asked;
    `rate_stale` is true when newer rates are missing (stored rates end weeks ago, offline).
    """
    try:
        conversion = convert(Money(amount, currency), to, date, on_or_before=on_or_before)
    except ValidationError as exc:  # name the fields as this endpoint's parameters
        raise ValidationError(
            {_PARAMETERS.get(field, field): messages for field, messages in exc.errors.items()}
        ) from None
    age = rate_age(conversion.rate_date, conversion.requested_date)
    return {
        "original": {"amount": conversion.original.amount, "currency": currency.upper()},
        "converted": {
            "amount": conversion.converted.amount,
            "currency": conversion.converted.currency,
        },
        "rate": conversion.rate,
        "rate_date": conversion.rate_date,
        "requested_date": conversion.requested_date,
        "source": conversion.source,
        "rate_age_days": age.days,
        "rate_age_business_days": age.business_days,
        "rate_stale": age.stale,
    }
