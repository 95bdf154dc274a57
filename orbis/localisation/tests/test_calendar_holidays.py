"""Public holidays from `holidays` are skipped, with the contact's state over the market's."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
import pytest

from orbis.kernel.actors import SystemActor
from orbis.localisation.calendars import contact_subdivision, next_good_time
from orbis.localisation.models import Market
from orbis.localisation.services import update_market

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
EPIPHANY = datetime.date(2026, 1, 6)  # a Tuesday; a public holiday in Bavaria, not in Berlin
MONDAY_EVENING = datetime.datetime(2026, 1, 5, 18, 0, tzinfo=BERLIN)


def _contact(addresses=()):
    return SimpleNamespace(country="DE", time_zone="", addresses=list(addresses))


def test_the_library_agrees_on_the_day():
    assert EPIPHANY in holidays.country_holidays("DE", subdiv="BY", years=2026)
    assert EPIPHANY not in holidays.country_holidays("DE", years=2026)
    assert EPIPHANY.isoweekday() == 2


def test_the_contacts_state_from_their_address(regions):
    bavarian = _contact([{"country": "DE", "country_area": "BY", "city": "München"}])
    assert contact_subdivision(bavarian) == "BY"
    assert next_good_time(bavarian, after=MONDAY_EVENING) == datetime.datetime(
        2026, 1, 7, 9, tzinfo=BERLIN
    )
    assert next_good_time(_contact(), after=MONDAY_EVENING) == datetime.datetime(
        2026, 1, 6, 9, tzinfo=BERLIN
    )


def test_the_markets_subdivision_when_the_address_has_none(regions):
    update_market(Market.objects.get(country="DE"), holiday_subdivision="BY", actor=SETUP)
    assert next_good_time(_contact(), after=MONDAY_EVENING) == datetime.datetime(
        2026, 1, 7, 9, tzinfo=BERLIN
    )
    # A contact in Berlin follows Berlin's holidays even in a Bavarian-calendar market.
    berliner = _contact([{"country": "DE", "country_area": "Berlin", "city": "Berlin"}])
    assert next_good_time(berliner, after=MONDAY_EVENING) == datetime.datetime(
        2026, 1, 6, 9, tzinfo=BERLIN
    )


def test_national_holidays_everywhere(regions):
    christmas_eve_evening = datetime.datetime(2026, 12, 24, 18, 0, tzinfo=BERLIN)
    # Friday 25 December is a holiday, then the weekend: the next good time is Monday the 28th.
    assert next_good_time(_contact(), after=christmas_eve_evening) == datetime.datetime(
        2026, 12, 28, 9, tzinfo=BERLIN
    )
