"""The next good time skips the weekend: Sat-Sun in Germany, Fri-Sat in Saudi Arabia."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest

from orbis.kernel.actors import SystemActor
from orbis.localisation.calendars import is_working_time, market_week, next_good_time
from orbis.localisation.services import create_market

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db

RIYADH = ZoneInfo("Asia/Riyadh")
BERLIN = ZoneInfo("Europe/Berlin")


def _contact(country, time_zone=""):
    return SimpleNamespace(country=country, time_zone=time_zone, addresses=[])


def test_friday_saturday_weekend(regions):
    create_market("SA", regions["emea"], actor=SETUP)
    thursday_evening = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=RIYADH)
    sunday = datetime.date(2026, 12, 6)
    assert sunday not in holidays.country_holidays("SA", years=2026)
    found = next_good_time(_contact("SA"), after=thursday_evening)
    assert found == datetime.datetime(2026, 12, 6, 9, 0, tzinfo=RIYADH)
    assert found.tzinfo == datetime.UTC
    friday_noon = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=RIYADH)
    assert not is_working_time(friday_noon, market_week("SA"))
    sunday_noon = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=RIYADH)
    assert is_working_time(sunday_noon, market_week("SA"))


def test_saturday_sunday_weekend(regions):
    friday_evening = datetime.datetime(2026, 12, 4, 18, 0, tzinfo=BERLIN)
    found = next_good_time(_contact("DE"), after=friday_evening)
    assert found == datetime.datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    assert not is_working_time(datetime.datetime(2026, 12, 5, 12, tzinfo=BERLIN), market_week("DE"))


def test_a_market_may_set_its_own_working_days(regions):
    from orbis.localisation.models import Market
    from orbis.localisation.services import update_market

    update_market(Market.objects.get(country="DE"), working_days=[2, 3, 4, 5, 6], actor=SETUP)
    sunday_evening = datetime.datetime(2026, 12, 6, 18, 0, tzinfo=BERLIN)
    found = next_good_time(_contact("DE"), after=sunday_evening)
    assert found == datetime.datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN)  # Tuesday


def test_a_country_without_market_uses_the_library_weekend(regions):
    assert holidays.country_holidays("AE").weekend == {5, 6}
    friday_evening = datetime.datetime(2026, 12, 11, 18, 0, tzinfo=ZoneInfo("Asia/Dubai"))
    found = next_good_time(_contact("AE"), after=friday_evening)
    assert found == datetime.datetime(2026, 12, 14, 9, 0, tzinfo=ZoneInfo("Asia/Dubai"))
