"""Formal or informal by the market of the contact's country; formal where there is no market."""

import pytest

from orbis.localisation.models import Market
from orbis.localisation.names import PersonName, formal_by_default, greeting, greetings

pytestmark = pytest.mark.django_db

ANNA = PersonName("Anna", "Schmidt", country="DE", honorific="ms")


def test_the_markets_formal_address_decides(regions):
    assert formal_by_default("DE") is True
    assert greeting(ANNA) == "Sehr geehrte Frau Schmidt"
    # Market set up by the markets helper's admin: here its flag is flipped directly.
    Market.objects.filter(country="DE").update(formal_address=False)
    assert formal_by_default("DE") is False
    assert greeting(ANNA) == "Liebe Anna"


def test_a_caller_may_override_the_market(regions):
    Market.objects.filter(country="DE").update(formal_address=False)
    assert greeting(ANNA, formal=True) == "Sehr geehrte Frau Schmidt"


def test_formal_where_there_is_no_market(regions):
    assert not Market.objects.filter(country="AT").exists()
    assert formal_by_default("AT") is True
    assert greeting(PersonName("Anna", "Gruber", country="AT", honorific="ms")) == (
        "Sehr geehrte Frau Gruber"
    )


def test_both_greetings_and_the_default(regions):
    Market.objects.filter(country="JP").update(formal_address=False)
    both = greetings(PersonName("太郎", "山田", country="JP", honorific="mr"))
    assert (both.formal, both.informal, both.formal_by_default, both.language) == (
        "山田太郎様",
        "山田さん",
        False,
        "ja",
    )
