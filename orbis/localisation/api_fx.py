"""API: convert an amount at a date, answering with the rate, its date and its source."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money

from .fx import convert

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


@router.get("/fx/convert", response=ConversionOut)
def convert_amount(
    request: HttpRequest,
    amount: Decimal,
    to: str,
    date: datetime.date,
    on_or_before: bool = False,
    currency: str = "EUR",
) -> dict[str, object]:
    """`amount` of `currency` in `to` at the ECB (or manual) rate of `date`.

    A date without a rate is a 422 naming the nearest dates that have one; `on_or_before=true`
    takes the latest earlier rate instead, and `rate_date` then says which day it was.
    """
    try:
        conversion = convert(Money(amount, currency), to, date, on_or_before=on_or_before)
    except ValidationError as exc:  # name the fields as this endpoint's parameters
        raise ValidationError(
            {_PARAMETERS.get(field, field): messages for field, messages in exc.errors.items()}
        ) from None
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
    }
