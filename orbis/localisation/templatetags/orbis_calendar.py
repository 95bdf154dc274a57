"""The contact's local time and the next good time to contact them, for the contact page."""

from __future__ import annotations

import datetime
from typing import Any

from babel import Locale
from babel.dates import format_skeleton, format_time
from django import template
from django.utils import timezone

from orbis.localisation.calendars import contact_week, is_working_time, next_working_moment
from orbis.localisation.forms import viewer_locale

register = template.Library()


def moment_label(moment: datetime.datetime, locale: Locale) -> str:
    """Weekday, date and time as the viewer's language writes them (CLDR patterns via Babel)."""
    date = format_skeleton("yMMMEd", moment, tzinfo=moment.tzinfo, locale=locale)
    time = format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale)
    return str(locale.datetime_formats["medium"]).format(time, date)


@register.inclusion_tag("localisation/partials/contact_times.html")
def contact_times(contact: Any, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Local time now, and the next moment within the contact's working hours, both ways."""
    now = now or timezone.now()
    locale = viewer_locale()
    week = contact_week(contact)
    local_now = now.astimezone(week.zone)
    context: dict[str, Any] = {
        "contact_zone": week.time_zone,
        "local_now": format_skeleton("EHm", local_now, tzinfo=week.zone, locale=locale),
        "working_now": is_working_time(now, week),
        "good": None,
    }
    good = next_working_moment(week, now)
    if good is not None:
        viewer_zone = timezone.get_current_timezone()
        context.update(
            good=good,
            good_contact=moment_label(good.astimezone(week.zone), locale),
            good_viewer=moment_label(good.astimezone(viewer_zone), locale),
            viewer_zone=str(viewer_zone),
            same_zone=str(viewer_zone) == week.time_zone,
        )
    return context
