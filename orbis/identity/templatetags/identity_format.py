"""Moments on the identity pages (token use, last login) in the viewer's locale and time zone.

Babel's CLDR patterns, as orbis_money's rate_date uses for dates; the time zone is the one the
middleware activated from the user's preference.
"""

from __future__ import annotations

import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from django import template
from django.utils import timezone, translation

register = template.Library()


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """Medium date and short time joined as CLDR joins them: '3 Dec 2026, 10:37' (en_GB),
    'Dec 3, 2026, 10:37 AM' (en), '03.12.2026, 10:37' (de), '2026/12/03 10:37' (ja)."""
    if not value:
        return ""
    locale = translation.to_locale(translation.get_language() or "en")
    local = timezone.localtime(value, timezone.get_current_timezone())
    date = format_date(local.date(), format="medium", locale=locale)
    time = format_time(local, format="short", tzinfo=local.tzinfo, locale=locale)
    pattern = str(get_datetime_format("medium", locale=locale))
    return pattern.replace("{1}", date).replace("{0}", time)


@register.filter
def day(value: datetime.datetime | None) -> str:
    """The calendar day of a moment, in the viewer's time zone: '3 Dec 2026'."""
    if not value:
        return ""
    locale = translation.to_locale(translation.get_language() or "en")
    local = timezone.localtime(value, timezone.get_current_timezone())
    return format_date(local.date(), format="medium", locale=locale)


@register.filter
def language_name(tag: str | None) -> str:
    """A stored language preference ('pt-BR') named in the viewer's language; '' for none."""
    if not tag:
        return ""
    viewer = translation.to_locale(translation.get_language() or "en")
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(viewer) or tag
    except (UnknownLocaleError, ValueError):
        return tag
