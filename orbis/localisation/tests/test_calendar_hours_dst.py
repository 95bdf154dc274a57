"""Business hours apply in the contact's own time zone, and follow its daylight-saving changes."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from orbis.localisation.calendars import local_time, next_good_time

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
UTC = datetime.UTC


def _contact(country, time_zone="", addresses=()):
    return SimpleNamespace(country=country, time_zone=time_zone, addresses=list(addresses))


def test_within_hours_is_now_and_before_hours_is_opening(regions):
    contact = _contact("DE")
    ten = datetime.datetime(2026, 12, 8, 10, 15, tzinfo=BERLIN)
    assert next_good_time(contact, after=ten) == ten
    seven = datetime.datetime(2026, 12, 8, 7, 0, tzinfo=BERLIN)
    assert next_good_time(contact, after=seven) == datetime.datetime(2026, 12, 8, 9, tzinfo=BERLIN)
    closing = datetime.datetime(2026, 12, 8, 17, 0, tzinfo=BERLIN)
    assert next_good_time(contact, after=closing) == datetime.datetime(
        2026, 12, 9, 9, tzinfo=BERLIN
    )


def test_the_contacts_own_zone_wins_over_the_markets(regions):
    # A German-market contact who lives in New York: 09:00 New York, not 09:00 Berlin.
    contact = _contact("DE", "America/New_York")
    berlin_noon = datetime.datetime(2026, 12, 8, 12, 0, tzinfo=BERLIN)  # 06:00 in New York
    found = next_good_time(contact, after=berlin_noon)
    assert found == datetime.datetime(2026, 12, 8, 9, 0, tzinfo=NEW_YORK)
    assert found == datetime.datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def test_spring_forward_moves_opening_by_an_hour_in_utc(regions):
    # US clocks go forward on Sunday 8 March 2026: Friday opens 14:00 UTC, Monday 13:00 UTC.
    contact = _contact("US", "America/New_York")
    friday = next_good_time(contact, after=datetime.datetime(2026, 3, 6, 8, 0, tzinfo=NEW_YORK))
    assert friday == datetime.datetime(2026, 3, 6, 14, 0, tzinfo=UTC)
    monday = next_good_time(contact, after=datetime.datetime(2026, 3, 6, 17, 30, tzinfo=NEW_YORK))
    assert monday == datetime.datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    assert monday.astimezone(NEW_YORK).hour == 9


def test_fall_back_in_europe(regions):
    # European clocks go back on Sunday 25 October 2026: Monday 09:00 is 08:00 UTC, not 07:00.
    contact = _contact("DE")
    found = next_good_time(contact, after=datetime.datetime(2026, 10, 23, 16, 0, tzinfo=UTC))
    assert found == datetime.datetime(2026, 10, 26, 8, 0, tzinfo=UTC)


def test_local_time_is_in_the_contacts_zone(regions):
    moment = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_time(_contact("JP"), moment).isoformat() == "2026-07-01T21:00:00+09:00"
    assert local_time(_contact("DE", "America/New_York"), moment).hour == 8
    assert local_time(_contact("FR")).tzinfo == ZoneInfo("Europe/Paris")


def test_naive_datetimes_are_refused(regions):
    with pytest.raises(ValueError):
        next_good_time(_contact("DE"), after=datetime.datetime(2026, 12, 8, 10, 0))
