"""The company form shows a bad VAT or tax number next to its field and stores nothing; the
company page shows both numbers formatted as python-stdnum formats them, with their type."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from stdnum.br import cnpj
from stdnum.util import get_module_name

from orbis.customers.models import Company

from .stdnum_examples import documented

pytestmark = pytest.mark.django_db


def company_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Exemplo Ltda",
        "latin_name": "",
        "legal_name": "",
        "country": "BR",
        "region": "",
        "website": "",
        "industry": "",
        "vat_number": "",
        "tax_id": "",
        "phone": "",
        "lifecycle_stage": "lead",
        "source": "manual",
        "owner": "",
        "tags": "",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _field_errors(page: str, name: str) -> list[str]:
    marker = f'data-field="{name}">'
    errors = []
    start = page.find(marker)
    while start != -1:
        end = page.index("</div>", start)
        errors.append(page[start + len(marker) : end])
        start = page.find(marker, end)
    return errors


def test_a_wrong_check_digit_is_shown_next_to_the_field(client, admin):
    bad = next(example for example, error in documented(cnpj)[1] if error == "InvalidChecksum")
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("customers:company_create"), company_form(tax_id=bad))
    assert response.status_code == 422
    page = response.content.decode()
    errors = _field_errors(page, "tax_id")
    assert len(errors) == 1 and bad in errors[0] and "CNPJ" in errors[0]
    assert f'value="{bad}"' in page  # what was typed stays in the field to be corrected
    assert not Company.objects.exists()


def test_the_page_shows_formatted_numbers_with_their_type(client, admin):
    valid = documented(cnpj)[0][0]
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    compact = cnpj.compact(valid)
    response = client.post(
        reverse("customers:company_create"), company_form(tax_id=compact, vat_number=compact)
    )
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.tax_id == company.vat_number == cnpj.validate(valid)
    page = client.get(response["Location"]).content.decode()
    for block_id in ("company-tax-id", "company-vat-number"):
        start = page.index(f'id="{block_id}"')
        block = page[start : page.index("</dd>", start)]
        assert cnpj.format(compact) in block
        assert "CNPJ (Brazilian company identifier)" in block
        assert get_module_name(cnpj) in block  # the whole name, as the title
    edit = client.get(reverse("customers:company_edit", args=[company.pk])).content.decode()
    assert f'value="{cnpj.format(compact)}"' in edit  # edited in the country's own format
