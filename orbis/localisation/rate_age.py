"""How old an exchange rate is, counted in the days on which the ECB publishes.

The ECB publishes its reference rates on TARGET business days only (weekdays other than the
TARGET closing days: New Year, Good Friday, Easter Monday, 1 May, 25 and 26 December), so a
Monday showing Friday's rates is up to date and a Tuesday after Easter Monday showing Thursday's
is too. A rate is stale when more of those days have passed since it than a refresh that ran
late could explain: then the daily refresh is not reaching the ECB and conversions of recent
amounts are using old rates, which the UI and the API must say.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.utils import timezone

# Publishing days that may pass before a rate counts as stale: today's rates appear around
# 16:00 CET, so on a normal morning the newest rate is already one publishing day behind.
STALE_AFTER_BUSINESS_DAYS = 3


@cache
def _target_closing_weekdays(year: int) -> tuple[datetime.date, ...]:
    """The TARGET closing days of `year` that fall on a weekday (the others close anyway)."""
    calendar = holidays.financial_holidays("ECB", years=year)
    return tuple(sorted(day for day in calendar if day.weekday() < 5))


def _weekdays_up_to(day: datetime.date) -> int:
    """Weekdays from 1 January of year 1 (a Monday, ordinal 1) to `day`, inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return 5 * weeks + min(rest, 5)


def target_business_days(after: datetime.date, up_to: datetime.date) -> int:
    """How many TARGET business days fall after `after`, up to and including `up_to`."""
    if up_to <= after:
        return 0
    closed = sum(
        1
        for year in range(after.year, up_to.year + 1)
        for day in _target_closing_weekdays(year)
        if after < day <= up_to
    )
    return _weekdays_up_to(up_to) - _weekdays_up_to(after) - closed


@dataclass(frozen=True)
class RateAge:
    """How far a rate's date lies behind the day it stands for (today, or a date asked for)."""

    rate_date: datetime.date
    as_of: datetime.date
    business_days: int  # ECB publishing days after rate_date, up to as_of

    @property
    def days(self) -> int:
        return max((self.as_of - self.rate_date).days, 0)

    @property
    def stale(self) -> bool:
        return self.business_days > STALE_AFTER_BUSINESS_DAYS

    @property
    def as_of_today(self) -> bool:
        return self.as_of == timezone.localdate()


def rate_age(rate_date: datetime.date, as_of: datetime.date | None = None) -> RateAge:
    """The age of a rate of `rate_date` used for `as_of` (today when omitted).

    A date after today counts as today: rates that cannot exist yet are not missing.
    """
    today = timezone.localdate()
    day = today if as_of is None else min(as_of, today)
    return RateAge(rate_date, day, target_business_days(rate_date, day))
