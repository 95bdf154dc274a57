"""What the forecast page shows below the month table: quota attainment, forecast versus
actual, the commit waterfall, last quarter's commit accuracy and the constant-currency view,
and the numbers its charts draw (json_script data read by static/orbis/forecast-charts.js;
the same numbers are in the tables beside the charts)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from orbis.identity.access import has_permission
from orbis.kernel.errors import ValidationError
from orbis.localisation import dates
from orbis.localisation.fx import as_date

from . import forecast_history as history
from .forecast import quarter_start


def _amount(value: Any) -> str | None:
    return None if value is None else str(value.amount)


def chart_data(
    outcomes: list[history.MonthOutcome], fall: history.Waterfall | None, currency: str
) -> dict[str, Any]:
    """The charts' numbers as decimal strings, their labels formatted for the viewer."""
    days = sorted({w.taken_on for o in outcomes for w in o.weeks})
    series = []
    for outcome in outcomes:
        by_day = {w.taken_on: w for w in outcome.weeks}
        month = dates.format_month(outcome.month)
        series.append(
            {
                "label": _("Commit call, %(month)s") % {"month": month},
                "kind": "commit",
                "values": [_amount(by_day[d].commit_call) if d in by_day else None for d in days],
            }
        )
        if outcome.actual is not None:
            series.append(
                {
                    "label": _("Won, %(month)s") % {"month": month},
                    "kind": "actual",
                    "values": [_amount(outcome.actual) for _ in days],
                }
            )
    data: dict[str, Any] = {
        "currency": currency,
        "forecast_vs_actual": {"labels": [dates.format_day(d) for d in days], "series": series},
        "waterfall": None,
    }
    if fall is not None:
        bars: list[dict[str, Any]] = [
            {"label": _("Commit on %(day)s") % {"day": dates.format_day(fall.since)}}
        ]
        bars[0] |= {"kind": "total", "amount": _amount(fall.start)}
        bars += [
            {"label": str(step.label), "kind": "step", "amount": _amount(step.amount)}
            for step in fall.steps
        ]
        bars.append(
            {
                "label": _("Commit on %(day)s") % {"day": dates.format_day(fall.until)},
                "kind": "total",
                "amount": _amount(fall.end),
            }
        )
        data["waterfall"] = {"bars": bars}
    return data


def rates_day(raw: str | None, default: datetime.date) -> tuple[datetime.date, str]:
    """The constant-rates day asked for in the query (`rates_on`), and a problem if unreadable."""
    if not raw:
        return default, ""
    try:
        day = as_date(raw, "rates_on")
    except ValidationError:
        return default, _("rates_on: not a date (YYYY-MM-DD).")
    if day > timezone.localdate():
        return default, _("rates_on: rates of a day to come are not known yet.")
    return day, ""


def sections(user: Any, start: datetime.date, months: int, rates_raw: str | None) -> dict[str, Any]:
    """The page's context beyond the month table."""
    end = history.add_months(start, months)
    today = timezone.localdate()
    outcomes = history.forecast_vs_actual(user, start, months)
    fall = history.waterfall(user)
    accuracy = history.commit_accuracy(user)
    rates_on, problem = rates_day(rates_raw, min(start, today))
    constant = history.constant_currency(
        user, start, min(end - datetime.timedelta(days=1), today), rates_on
    )
    attained = history.attainment(user, on=today)
    return {
        "attainment": attained,
        "outcomes": outcomes,
        "waterfall": fall,
        "accuracy": accuracy,
        "constant": constant,
        "rates_on_value": rates_on.isoformat(),
        "rates_problem": problem,
        "this_quarter": quarter_start(today),
        "can_manage_quotas": has_permission(user, "sales.manage_quotas"),
        "chart_data": chart_data(outcomes, fall, constant.currency),
    }
