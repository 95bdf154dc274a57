"""Dates on every page, in the viewer's locale and time zone (one set of CLDR formats, dates.py).

{{ contact.birth_date|date_medium }}          "Dec 3, 2026": a day (of a moment: the viewer's day)
{{ record.updated_at|datetime_medium }}       "Dec 3, 2026, 10:37 AM", on the viewer's clock
{{ market.business_hours_start|time_short }}  "9:00 AM", "09:00": a time of day
{{ token.last_used_at|relative }}             "3 days ago", "in 2 hours"
{{ moment|iso_datetime }}                     for <time datetime="…">
{{ moment|datetime_input }}                   for <input type="datetime-local" value="…">
{{ month|month_year }}                        "March 2026", "März 2026": a month
{{ stay|duration_words }}                     "3 days", "5 hours": a timedelta, rounded

Django's |date and |time filters are not used in templates (a meta-test holds it): their
formats come from Django's own locale files, which differ from CLDR's and from each other.
"""

from __future__ import annotations

import datetime

from django import template

from orbis.localisation import dates

register = template.Library()


@register.filter
def date_medium(value: datetime.date | None) -> str:
    return dates.format_day(value)


@register.filter
def datetime_medium(value: datetime.datetime | None) -> str:
    return dates.format_moment(value)


@register.filter
def time_short(value: datetime.time | datetime.datetime | None) -> str:
    return dates.format_clock(value)


@register.filter
def relative(value: datetime.datetime | None) -> str:
    return dates.format_relative(value)


@register.filter
def iso_datetime(value: datetime.datetime | None) -> str:
    return dates.iso_moment(value)


@register.filter
def datetime_input(value: datetime.datetime | None) -> str:
    return dates.input_moment(value)


@register.filter
def month_year(value: datetime.date | None) -> str:
    return dates.format_month(value)


@register.filter
def duration_words(value: datetime.timedelta | None) -> str:
    return dates.format_duration(value)
