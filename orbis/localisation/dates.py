"""Days and moments as the viewer's locale writes them: one set of CLDR formats for every page.

Every date on a page comes from here (through the `orbis_dates` template filters), so a page
never mixes styles:

- a day: CLDR's medium date ("Dec 3, 2026", "03.12.2026", "2026/12/03");
- a moment: that date and CLDR's short time, joined as the locale joins them
  ("Dec 3, 2026, 10:37 AM", "03.12.2026, 10:37", "2026/12/03 10:37"), in the viewer's zone;
- a time of day: CLDR's short time ("10:37 AM", "10:37");
- an age or a wait: CLDR's relative units ("3 days ago", "in 2 hours").

CLDR's short date (12/03/2026) is never used: it reads as March in one country and December
in the next. Digits are the locale's default numbering system as Babel's CLDR data gives it.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    format_timedelta,
    get_datetime_format,
)
from django.utils import timezone

from .forms import viewer_locale

Zone = datetime.tzinfo | ZoneInfo


def _local(value: datetime.datetime, zone: Zone | None) -> datetime.datetime:
    """An aware moment on the viewer's clock (or `zone`'s); a naive one is taken as UTC."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(zone or timezone.get_current_timezone())


def _join(date: str, time: str, locale: Locale) -> str:
    # CLDR's medium date-time pattern, "{1}, {0}" in English, "{1} {0}" in Japanese.
    pattern = str(get_datetime_format("medium", locale=locale))
    return pattern.replace("{1}", date).replace("{0}", time)


def format_day(value: datetime.date | None, zone: Zone | None = None) -> str:
    """A calendar day, CLDR medium: 'Dec 3, 2026'. A moment is first put on the viewer's clock
    (or `zone`'s), so it is the day the viewer lived it; a plain date is shown as it is."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value, zone).date()
    return format_date(value, format="medium", locale=viewer_locale())


def format_moment(value: datetime.datetime | None, zone: Zone | None = None) -> str:
    """A moment, CLDR medium date and short time: 'Dec 3, 2026, 10:37 AM' (viewer's zone)."""
    if not value:
        return ""
    locale = viewer_locale()
    local = _local(value, zone)
    date = format_date(local.date(), format="medium", locale=locale)
    time = format_time(local, format="short", tzinfo=local.tzinfo, locale=locale)
    return _join(date, time, locale)


def format_clock(value: datetime.time | datetime.datetime | None, zone: Zone | None = None) -> str:
    """A time of day, CLDR short: '9:00 AM', '09:00'. A moment is read on the viewer's clock."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        local = _local(value, zone)
        return format_time(local, format="short", tzinfo=local.tzinfo, locale=viewer_locale())
    return format_time(value, format="short", locale=viewer_locale())


def format_weekday_clock(value: datetime.datetime, zone: Zone | None = None) -> str:
    """The weekday and time of day of a moment, as CLDR joins them: 'Thu, 10:37 AM'."""
    locale = viewer_locale()
    local = _local(value, zone)
    weekday = format_skeleton("E", local, tzinfo=local.tzinfo, locale=locale)
    return _join(weekday, format_clock(local, local.tzinfo), locale)


def format_relative(value: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """How long ago, or how long until, in CLDR's relative units: '3 days ago', 'in 2 hours'."""
    if not value:
        return ""
    span = _local(value, datetime.UTC) - _local(now or timezone.now(), datetime.UTC)
    return format_timedelta(span, add_direction=True, threshold=1.5, locale=viewer_locale())


def iso_moment(value: datetime.datetime | None) -> str:
    """The moment for machines (`<time datetime>`): ISO 8601 in UTC."""
    if not value:
        return ""
    return _local(value, datetime.UTC).isoformat()


def input_moment(value: datetime.datetime | None, zone: Zone | None = None) -> str:
    """The value of an `<input type="datetime-local">`: the viewer's wall clock, to the minute."""
    if not value:
        return ""
    return _local(value, zone).replace(tzinfo=None).isoformat(timespec="minutes")


def format_month(value: datetime.date | None) -> str:
    """A month and its year, CLDR's yMMMM skeleton: 'March 2026', 'März 2026', '2026年3月'."""
    if not value:
        return ""
    return str(format_skeleton("yMMMM", value, locale=viewer_locale()))


def format_duration(value: datetime.timedelta | None) -> str:
    """How long something lasted, in the largest sensible unit: '3 days', '5 hours'."""
    if value is None:
        return ""
    return str(format_timedelta(value, threshold=1.5, locale=viewer_locale()))
