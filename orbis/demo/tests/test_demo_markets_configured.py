"""Every demo market is configured as the libraries say: languages, currency, zones, weekend.

(Here rather than in localisation's tests: the demo's market list imports identity.)
"""

from __future__ import annotations

from zoneinfo import available_timezones

import holidays
import pytest
from babel.core import get_global
from babel.numbers import get_territory_currencies

from orbis.demo.organisation import MARKETS, build_markets
from orbis.localisation.addresses import format_address, normalise_address
from orbis.localisation.models import Market

pytestmark = pytest.mark.django_db

COUNTRIES = [spec.country for spec in MARKETS]


@pytest.fixture
def markets(db) -> dict[str, Market]:
    build_markets()
    return {market.country: market for market in Market.objects.all()}


@pytest.mark.parametrize("country", COUNTRIES)
def test_market_equals_the_libraries(markets, country: str) -> None:
    market = markets[country]
    national = sorted(
        (
            (tag, info)
            for tag, info in get_global("territory_languages")[country].items()
            if info.get("official_status") in {"official", "de_facto_official"}
        ),
        key=lambda item: -item[1]["population_percent"],
    )
    assert market.languages == [tag.replace("_", "-") for tag, _ in national]
    assert market.default_currency == get_territory_currencies(country)[0]
    zones = [z for z in get_global("territory_zones")[country] if z in available_timezones()]
    assert market.time_zones == zones and market.time_zone in zones
    weekend = holidays.country_holidays(country).weekend  # 0 = Monday
    assert market.working_days == [d for d in range(1, 8) if d - 1 not in weekend]
    assert market.business_hours_start < market.business_hours_end


@pytest.mark.parametrize("country", COUNTRIES)
def test_market_has_its_legal_entity(markets, country: str) -> None:
    market = markets[country]
    spec = next(s for s in MARKETS if s.country == country)
    assert market.legal_entity_name == spec.legal_entity
    address = market.legal_entity_address
    assert address == normalise_address({**spec.office, "country": country})
    assert address["street_address"].split("\n")[-1] in format_address(address)
