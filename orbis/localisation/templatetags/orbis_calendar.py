"""The contact's local time and the next good time to contact them, for the contact page."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from orbis.localisation.calendars import contact_week, is_working_time, next_working_moment
from orbis.localisation.dates import format_moment, format_relative, format_weekday_clock

register = template.Library()


@register.inclusion_tag("localisation/partials/contact_times.html")
def contact_times(contact: Any, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Local time now, and the next moment within the contact's working hours, both ways."""
    now = now or timezone.now()
    week = contact_week(contact)
    context: dict[str, Any] = {
        "now": now,
        "contact_zone": week.time_zone,
        # The weekday too: their clock may already be on another day than the viewer's.
        "local_now": format_weekday_clock(now, week.zone),
        "working_now": is_working_time(now, week),
        "good": None,
    }
    good = next_working_moment(week, now)
    if good is not None:
        viewer_zone = timezone.get_current_timezone()
        context.update(
            good=good,
            good_contact=format_moment(good, week.zone),
            good_viewer=format_moment(good, viewer_zone),
            good_in=format_relative(good, now),
            viewer_zone=str(viewer_zone),
            same_zone=str(viewer_zone) == week.time_zone,
        )
    return context
