"""The API takes VAT and tax numbers in any format, returns them compact, and answers a bad one
with a 422 naming the field."""

from __future__ import annotations

from stdnum.jp import cn as corporate_number

from orbis.customers.models import Company
from orbis.customers.schemas import CompanyOut
from orbis.customers.tests.api_client import ApiClient

from .stdnum_examples import documented


def test_numbers_are_returned_compact(admin, token_for):
    api = ApiClient(token_for(admin))
    valid = documented(corporate_number)[0][0]
    created = api.post("companies", {"name": "株式会社サンプル", "country": "JP", "tax_id": valid})
    assert created.status_code == 201, created.content
    body = created.json()
    CompanyOut.model_validate(body)
    assert body["tax_id"] == corporate_number.validate(valid) and body["vat_number"] == ""
    cleared = api.patch(f"companies/{body['id']}", {"tax_id": None}, if_match=created["ETag"])
    assert cleared.status_code == 200 and cleared.json()["tax_id"] == ""


def test_a_bad_number_is_a_422_naming_the_field(admin, token_for):
    api = ApiClient(token_for(admin))
    bad = next(e for e, error in documented(corporate_number)[1] if error == "InvalidChecksum")
    response = api.post("companies", {"name": "株式会社サンプル", "country": "JP", "tax_id": bad})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["tax_id"]
    assert not Company.objects.exists()
