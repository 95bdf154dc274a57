"""A number from another country written without its + prefix is refused for the contact's
country, with a message that says so and shows it written with the prefix; nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
import pytest
from django.utils import translation
from phonenumbers import PhoneNumberFormat

from orbis.customers.models import Company, Contact
from orbis.kernel.errors import ValidationError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages name countries in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


def _uk_number_not_valid_in_germany() -> phonenumbers.PhoneNumber:
    """One of phonenumbers' UK example numbers that means nothing as a German national number."""
    for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
        number = phonenumbers.example_number_for_type("GB", kind)
        assert number is not None
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        if not phonenumbers.is_valid_number(phonenumbers.parse(national, "DE")):
            return number
    raise AssertionError("every UK example is also a German number")


def test_a_uk_number_for_a_german_contact_needs_its_prefix(eu_rep, make_contact):
    number = _uk_number_not_valid_in_germany()
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    with pytest.raises(ValidationError) as caught:
        make_contact(eu_rep, country="DE", phones=[national])
    assert list(caught.value.errors) == ["phones.0.value"]
    message = caught.value.errors["phones.0.value"][0]
    assert national in message and "Germany" in message and "country prefix" in message
    assert phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL) in message
    assert "United Kingdom" in message
    assert not Contact.objects.exists()


def test_the_same_number_with_its_prefix_is_stored(eu_rep, make_contact):
    number = _uk_number_not_valid_in_germany()
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    contact = make_contact(eu_rep, country="DE", phones=[international])
    assert list(contact.points.values_list("value", flat=True)) == [
        phonenumbers.format_number(number, PhoneNumberFormat.E164)
    ]


def test_a_company_phone_is_checked_the_same_way(eu_rep, make_company):
    number = _uk_number_not_valid_in_germany()
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    with pytest.raises(ValidationError) as caught:
        make_company(eu_rep, country="DE", phone=national)
    assert list(caught.value.errors) == ["phone"]
    assert (
        phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        in (caught.value.errors["phone"][0])
    )
    assert not Company.objects.exists()
