"""For every demo market, a public holiday from `holidays` on a working day is skipped.

(Here rather than in localisation's tests: the demo's market list imports identity.)
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest

from orbis.demo.organisation import MARKETS, build_markets
from orbis.localisation.calendars import next_good_time
from orbis.localisation.models import Market

pytestmark = pytest.mark.django_db


def _working_holiday(market: Market) -> tuple[datetime.date, holidays.HolidayBase]:
    """The first 2026 public holiday of the market that falls on one of its working days."""
    calendar = holidays.country_holidays(
        market.country, subdiv=market.holiday_subdivision or None, years=[2026, 2027]
    )
    for day in sorted(calendar):
        if day.year == 2026 and day.isoweekday() in market.working_days:
            return day, calendar
    raise AssertionError(f"{market.country} has no public holiday on a working day in 2026")


@pytest.mark.parametrize("country", [spec.country for spec in MARKETS])
def test_a_public_holiday_is_skipped(db, country: str) -> None:
    build_markets()
    market = Market.objects.get(country=country)
    holiday, calendar = _working_holiday(market)
    zone = ZoneInfo(market.time_zone)
    contact = SimpleNamespace(country=country, time_zone="", addresses=[])

    found = next_good_time(
        contact, after=datetime.datetime.combine(holiday, datetime.time(0), zone)
    )

    assert found is not None
    local = found.astimezone(zone)
    expected = holiday + datetime.timedelta(days=1)
    while expected.isoweekday() not in market.working_days or expected in calendar:
        expected += datetime.timedelta(days=1)
    assert local.date() == expected, f"{holiday} {calendar.get(holiday)}"
    assert local.time() == market.business_hours_start
