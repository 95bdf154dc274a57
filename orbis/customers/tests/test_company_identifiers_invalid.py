"""A VAT or tax number with a wrong check digit, or a VAT number of another country, is
refused with an error naming the field, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from stdnum.util import get_cc_module

from orbis.customers.models import Company
from orbis.demo.organisation import MARKETS
from orbis.kernel.errors import ValidationError
from orbis.localisation.identifiers import tax_id_modules, vat_module

from .stdnum_examples import documented

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages name countries in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


MARKET_REGION = {m.country: m.region for m in MARKETS}
BAD_CHECK_DIGITS = [
    (m.country, module, example)
    for m in MARKETS
    for module in tax_id_modules(m.country)
    for example, error in documented(module)[1]
    if error == "InvalidChecksum"
]


@pytest.mark.parametrize(
    ("country", "module", "example"),
    BAD_CHECK_DIGITS,
    ids=[f"{mod.__name__}:{ex}" for _c, mod, ex in BAD_CHECK_DIGITS],
)
def test_a_tax_number_with_a_wrong_check_digit_is_refused(
    country, module, example, admin, make_company
):
    with pytest.raises(ValidationError) as caught:
        make_company(admin, country=country, region=MARKET_REGION[country], tax_id=example)
    assert list(caught.value.errors) == ["tax_id"]
    assert example.strip() in caught.value.errors["tax_id"][0]
    assert not Company.objects.exists()


VAT_BAD_CHECK_DIGITS = [
    (m.country, example)
    for m in MARKETS
    if vat_module(m.country) is not None
    for example, error in documented(get_cc_module(m.country.lower(), "vat"))[1]
    if error == "InvalidChecksum"
]


@pytest.mark.parametrize(("country", "example"), VAT_BAD_CHECK_DIGITS)
def test_a_vat_number_with_a_wrong_check_digit_is_refused(country, example, admin, make_company):
    with pytest.raises(ValidationError) as caught:
        make_company(admin, country=country, region=MARKET_REGION[country], vat_number=example)
    assert list(caught.value.errors) == ["vat_number"]
    assert "check digit" in caught.value.errors["vat_number"][0]
    assert not Company.objects.exists()


def test_a_german_vat_number_is_refused_for_a_french_company(eu_rep, make_company):
    german = documented(get_cc_module("de", "vat"))[0][0]
    with pytest.raises(ValidationError) as caught:
        make_company(eu_rep, country="FR", vat_number=german)
    assert caught.value.errors == {
        "vat_number": [f"{german} is a VAT number of Germany, but the company is in France."]
    }
    assert not Company.objects.exists()


def test_moving_a_company_to_another_country_rechecks_its_vat_number(eu_rep, make_company):
    from orbis.customers.services import update_company

    german = documented(get_cc_module("de", "vat"))[0][0]
    company = make_company(eu_rep, country="DE", vat_number=german)
    with pytest.raises(ValidationError) as caught:
        update_company(company, {"country": "FR"}, actor=eu_rep)
    assert list(caught.value.errors) == ["vat_number"]
    company.refresh_from_db()
    assert company.country == "DE" and company.vat_number == german
