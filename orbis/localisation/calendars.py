"""Working time: a contact's local time, whether a moment is working time, the next good time.

A working week is a time zone, the weekdays worked, the business hours and the public holidays
of a country (and subdivision) from the `holidays` package. It comes from the country's Market
when there is one, else from the libraries' defaults (markets.market_defaults). Every moment
handed back is an aware datetime in UTC; local arithmetic happens in the zone itself, so a
daylight-saving change moves business hours with the clock, as it does for the people working.

Localisation sits below customers, so contacts are duck-typed: anything with `country`,
`time_zone` and `addresses` (a list of address dicts) will do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import holidays

from .countries import country_codes, time_zones
from .markets import BUSINESS_HOURS_END, BUSINESS_HOURS_START, market_defaults, resolve_subdivision

UTC = datetime.UTC
# A calendar whose every day for this long is a holiday or weekend has no good time at all.
_SEARCH_DAYS = 400


class ContactLike(Protocol):
    country: str
    time_zone: str
    addresses: Any


@dataclass(frozen=True)
class WorkingWeek:
    """When someone works: their time zone, working weekdays, business hours and holidays."""

    country: str
    time_zone: str
    working_days: frozenset[int]  # ISO weekdays, 1 = Monday
    start: datetime.time
    end: datetime.time
    holiday_subdivision: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def market_week(
    country: str, *, time_zone: str | None = None, subdivision: str | None = None
) -> WorkingWeek:
    """The working week of `country`'s market, or the libraries' defaults where there is none.

    `time_zone` and `subdivision` override the market's (a contact's own zone and state).
    """
    from .models import Market  # the models need the app registry; this module may load earlier

    code = (country or "").strip().upper()
    zone = time_zone if time_zone in time_zones() else None
    if code not in country_codes():
        return WorkingWeek(
            code, zone or "UTC", frozenset(range(1, 6)), BUSINESS_HOURS_START, BUSINESS_HOURS_END
        )
    market = Market.objects.filter(country=code).first()
    if market is not None:
        return WorkingWeek(
            country=code,
            time_zone=zone or market.time_zone,
            working_days=frozenset(market.working_days),
            start=market.business_hours_start,
            end=market.business_hours_end,
            holiday_subdivision=subdivision or market.holiday_subdivision,
        )
    defaults = market_defaults(code)
    # A country with several zones and no market: its first zone is a guess, better than UTC.
    fallback = defaults.time_zone or (defaults.time_zones[:1] or ["UTC"])[0]
    return WorkingWeek(
        country=code,
        time_zone=zone or fallback,
        working_days=frozenset(defaults.working_days),
        start=defaults.business_hours_start,
        end=defaults.business_hours_end,
        holiday_subdivision=subdivision or "",
    )


def contact_week(contact: ContactLike) -> WorkingWeek:
    """The contact's working week: their own zone and address subdivision over the market's."""
    return market_week(
        contact.country,
        time_zone=(contact.time_zone or None),
        subdivision=contact_subdivision(contact),
    )


def contact_subdivision(contact: ContactLike) -> str | None:
    """The `holidays` subdivision of the contact's first address in their country, if it has one."""
    country = (contact.country or "").upper()
    for address in contact.addresses or []:
        if not isinstance(address, dict):
            continue
        if (address.get("country") or country).upper() != country:
            continue
        code = resolve_subdivision(country, address.get("country_area") or "")
        if code:
            return code
    return None


def local_time(contact: ContactLike, now: datetime.datetime | None = None) -> datetime.datetime:
    """The contact's wall-clock time now (or at `now`), aware, in the contact's zone."""
    moment = _aware(now) if now is not None else datetime.datetime.now(UTC)
    return moment.astimezone(contact_week(contact).zone)


def is_public_holiday(day: datetime.date, country: str, subdivision: str = "") -> bool:
    calendar = _holidays(country, subdivision, day.year)
    return calendar is not None and day in calendar


def is_working_day(day: datetime.date, week: WorkingWeek) -> bool:
    return day.isoweekday() in week.working_days and not is_public_holiday(
        day, week.country, week.holiday_subdivision
    )


def is_working_time(moment: datetime.datetime, week: WorkingWeek) -> bool:
    """Whether `moment` falls on a working day, outside public holidays, within business hours."""
    local = _aware(moment).astimezone(week.zone)
    return is_working_day(local.date(), week) and week.start <= local.time() < week.end


def next_working_moment(
    week: WorkingWeek, after: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The first moment at or after `after` (default now) that is working time, in UTC."""
    moment = _aware(after) if after is not None else datetime.datetime.now(UTC)
    zone = week.zone
    day = moment.astimezone(zone).date()
    for _ in range(_SEARCH_DAYS):
        if is_working_day(day, week):
            opens = _wall_clock(day, week.start, zone)
            closes = _wall_clock(day, week.end, zone)
            candidate = max(moment, opens)
            if candidate < closes:
                return candidate.astimezone(UTC)
        day += datetime.timedelta(days=1)
    return None


def next_good_time(
    contact: ContactLike, after: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The next moment at or after `after` within the contact's working hours, in their zone."""
    return next_working_moment(contact_week(contact), after)


def _wall_clock(day: datetime.date, time: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """`time` on `day` as the clocks in `zone` show it, in UTC.

    A time the clocks skip (02:30 on a spring-forward night) comes out as the moment the clock
    reaches it after the jump; a time they show twice, as its first occurrence.
    """
    # fold=0 (PEP 495) reads a skipped time with the offset before the jump, which lands after
    # the gap, and an ambiguous time as its first occurrence: both what a person means.
    return datetime.datetime.combine(day, time, tzinfo=zone).astimezone(UTC)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("An aware datetime is needed: a naive one has no place on the clock.")
    return moment


@lru_cache(maxsize=1024)
def _holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase | None:
    """One year of a country's public holidays; None where `holidays` has no calendar for it."""
    try:
        return holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return None
