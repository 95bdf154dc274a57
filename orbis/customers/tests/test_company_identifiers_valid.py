"""VAT and tax numbers python-stdnum documents as valid are accepted for their country, stored
in stdnum's compact form and reported with the type of number that matched."""

from __future__ import annotations

import pytest
from stdnum import vatin
from stdnum.eu import vat as eu_vat
from stdnum.util import get_cc_module, get_module_name

from orbis.demo.organisation import MARKETS
from orbis.localisation.identifiers import check_tax_id, tax_id_modules, vat_module

from .stdnum_examples import documented

pytestmark = pytest.mark.django_db

MARKET_REGION = {m.country: m.region for m in MARKETS}
# The national numbers the issue names, as stdnum modules: country, module.
NAMED_TYPES = [
    ("DE", "de.stnr"),  # Steuernummer
    ("BR", "br.cnpj"),
    ("US", "us.ein"),
    ("JP", "jp.cn"),  # Corporate Number
    ("CN", "cn.uscc"),
    ("KR", "kr.brn"),
    ("MX", "mx.rfc"),
    ("IN", "in_.pan"),
    ("GB", "gb.utr"),
    ("FR", "fr.siren"),
    ("ES", "es.cif"),
    ("CA", "ca.bn"),
    ("AU", "au.abn"),
]


def _module(dotted: str):
    country, name = dotted.split(".")
    return get_cc_module(country.rstrip("_"), name)


@pytest.mark.parametrize(("country", "dotted"), NAMED_TYPES, ids=[d for _c, d in NAMED_TYPES])
def test_the_named_tax_number_is_stored_compact_with_its_type(country, dotted, admin, make_company):
    module = _module(dotted)
    valid, _invalid = documented(module)
    assert valid, f"stdnum documents no valid {dotted}"
    for example in valid:
        company = make_company(
            admin,
            name=f"Example {example}",
            country=country,
            region=MARKET_REGION[country],
            tax_id=example,
        )
        company.refresh_from_db()
        assert company.tax_id == module.validate(example)
        found = check_tax_id(company.tax_id, country)
        assert found is not None and found.type is not None
        assert found.type.module == dotted and found.type.name == get_module_name(module)


MARKET_TAX_MODULES = [(m.country, mod) for m in MARKETS for mod in tax_id_modules(m.country)]


@pytest.mark.parametrize(
    ("country", "module"), MARKET_TAX_MODULES, ids=[mod.__name__ for _c, mod in MARKET_TAX_MODULES]
)
def test_every_documented_example_of_a_market_is_accepted(country, module, admin, make_company):
    """Where two types accept the same number (a Spanish NIF that is also a CIF), the first
    of the country's types names it; the stored form is that type's compact form."""
    for example in documented(module)[0]:
        company = make_company(
            admin,
            name=f"Example {example}",
            country=country,
            region=MARKET_REGION[country],
            tax_id=example,
        )
        found = check_tax_id(example, country)
        assert found is not None and found.type is not None
        matched = _module(found.type.module)
        assert company.tax_id == matched.validate(example)


VAT_MARKETS = [m for m in MARKETS if vat_module(m.country) is not None]


@pytest.mark.parametrize("market", VAT_MARKETS, ids=[m.country for m in VAT_MARKETS])
def test_documented_vat_numbers_are_stored_compact(market, admin, make_company):
    national = get_cc_module(market.country.lower(), "vat")
    assert national is not None
    valid, _invalid = documented(national)
    assert valid
    for example in valid:
        company = make_company(
            admin,
            name=f"Example {example}",
            country=market.country,
            region=market.region,
            vat_number=example,
        )
        if market.country.lower() in eu_vat.MEMBER_STATES:
            # EU numbers keep their country prefix, as VIES reads them.
            prefixed = example if vatin.is_valid(example) else market.country + example
            assert company.vat_number == eu_vat.validate(prefixed)
        else:
            assert company.vat_number == national.validate(example)


def test_a_country_without_stdnum_rules_keeps_the_number_as_written(admin, make_company):
    assert vat_module("AE") is None and tax_id_modules("AE") == ()
    company = make_company(
        admin, name="Example LLC", country="AE", region="emea", vat_number="100 2345 6789 0003"
    )
    assert company.vat_number == "100 2345 6789 0003"
