"""Bad market input is refused with an error naming the field, and nothing is stored."""

import datetime

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError
from orbis.localisation.models import Market
from orbis.localisation.services import create_market, update_market

SETUP = SystemActor("test-setup")  # builds fixtures through the services

pytestmark = pytest.mark.django_db

BAD_CREATES = [
    ({"country": "XX"}, "country"),
    ({"currency": "XYZ"}, "default_currency"),
    ({"holiday_subdivision": "ZZ"}, "holiday_subdivision"),
    ({"working_days": []}, "working_days"),
    ({"working_days": [0, 8]}, "working_days"),
    (
        {
            "business_hours_start": datetime.time(17, 0),
            "business_hours_end": datetime.time(9, 0),
        },
        "business_hours_end",
    ),
    ({"languages": ["xx-nonsense"]}, "languages"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"time_zone": "Asia/Tokyo"}, "time_zone"),  # a real zone, not one of Austria's
    (
        {"legal_entity_address": {"country": "AT", "street_address": "Ring 1", "city": "Wien"}},
        "legal_entity_address.postal_code",
    ),
]


@pytest.mark.parametrize(("change", "field"), BAD_CREATES)
def test_create_refuses(regions, change, field):
    data = {"country": "AT", "region": regions["emea"], "currency": "EUR"} | change
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        create_market(**data, actor=SETUP)
    assert field in caught.value.errors
    assert not Market.objects.filter(country=data["country"].upper()).exists()
    assert AuditEvent.objects.count() == events


def test_several_time_zones_need_a_main_one(regions):
    with pytest.raises(ValidationError) as caught:
        create_market("RU", regions["emea"], actor=SETUP)
    assert "time_zone" in caught.value.errors
    assert not Market.objects.filter(country="RU").exists()


BAD_UPDATES = [
    ({"holiday_subdivision": "XX"}, "holiday_subdivision"),
    ({"working_days": []}, "working_days"),
    (
        {
            "business_hours_start": datetime.time(18, 0),
            "business_hours_end": datetime.time(8, 0),
        },
        "business_hours_end",
    ),
    ({"default_currency": "EURO"}, "default_currency"),
    ({"country": "AT"}, "country"),
]


@pytest.mark.parametrize(("change", "field"), BAD_UPDATES)
def test_update_refuses(regions, change, field):
    before = Market.objects.get(country="DE")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        update_market(before, **change, actor=SETUP)
    assert field in caught.value.errors
    after = Market.objects.get(country="DE")
    assert (after.working_days, after.business_hours_start, after.holiday_subdivision) == (
        before.working_days,
        before.business_hours_start,
        before.holiday_subdivision,
    )
    assert after.default_currency == "EUR" and after.country == "DE"
    assert AuditEvent.objects.count() == events
