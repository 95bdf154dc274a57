"""A market created with only its country and region takes its settings from the libraries."""

import datetime

import holidays
import pytest
from babel.core import get_global
from babel.numbers import get_territory_currencies

from orbis.audit.models import AuditEvent
from orbis.kernel.actors import SystemActor
from orbis.localisation.markets import market_defaults
from orbis.localisation.services import create_market, update_market

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db


def test_single_zone_country_from_the_libraries(regions):
    market = create_market("AT", regions["emea"], actor=SETUP)
    assert market.default_currency == get_territory_currencies("AT")[0] == "EUR"
    assert market.languages == ["de"] and market.default_language == "de"
    assert market.time_zones == get_global("territory_zones")["AT"] == ["Europe/Vienna"]
    assert market.time_zone == "Europe/Vienna"
    assert market.working_days == [1, 2, 3, 4, 5]
    assert (market.business_hours_start, market.business_hours_end) == (
        datetime.time(9),
        datetime.time(17),
    )
    event = AuditEvent.objects.filter(action="localisation.market_created").last()
    assert event is not None and event.changes["country"] == "AT"


def test_friday_saturday_weekend_where_that_is_the_rule(regions):
    assert holidays.country_holidays("SA").weekend == {4, 5}  # Friday, Saturday (0 = Monday)
    market = create_market("SA", regions["emea"], actor=SETUP)
    assert market.working_days == [1, 2, 3, 4, 7]
    assert market.default_currency == "SAR" and market.languages == ["ar"]


def test_national_languages_main_first(regions):
    assert market_defaults("CA").languages == ["en", "fr"]
    assert market_defaults("IN").languages == ["hi", "en"]
    assert market_defaults("BE").languages == ["nl", "fr", "de"]


def test_every_zone_of_the_country(regions):
    zones = market_defaults("US").time_zones
    assert set(zones) == set(get_global("territory_zones")["US"])
    assert {"America/New_York", "America/Los_Angeles", "Pacific/Honolulu"} <= set(zones)
    assert market_defaults("US").time_zone is None  # several zones: the admin chooses


def test_update_is_validated_and_audited(regions):
    market = create_market("AT", regions["emea"], actor=SETUP)
    update_market(
        market,
        holiday_subdivision="9",
        working_days=[1, 2, 3, 4],
        legal_entity_name="Orbis Österreich GmbH",
        legal_entity_address={
            "country": "AT",
            "street_address": "Stephansplatz 1",
            "postal_code": "1010",
            "city": "Wien",
        },
        actor=SETUP,
    )
    market.refresh_from_db()
    assert market.holiday_subdivision == "9" and market.working_days == [1, 2, 3, 4]
    assert market.legal_entity_address["postal_code"] == "1010"
    event = AuditEvent.objects.filter(action="localisation.market_changed").last()
    assert event is not None
    assert event.changes["working_days"] == {"from": [1, 2, 3, 4, 5], "to": [1, 2, 3, 4]}
