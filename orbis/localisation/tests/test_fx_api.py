"""GET /api/v1/fx/convert: the converted amount with its rate, rate date and source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .ecb_data import A_FRIDAY, A_SATURDAY, ecb_rate, load_fortnight

pytestmark = pytest.mark.django_db

URL = "/api/v1/fx/convert"


def test_a_conversion_with_its_rate_date_and_source(client, eu_rep, token_for):
    load_fortnight()
    auth = {"Authorization": f"Bearer {token_for(eu_rep)}"}

    response = client.get(
        URL, {"amount": "100", "currency": "USD", "to": "JPY", "date": A_FRIDAY}, headers=auth
    )

    assert response.status_code == 200, response.content
    body = response.json()
    expected_rate = ecb_rate("JPY", A_FRIDAY) / ecb_rate("USD", A_FRIDAY)
    assert Decimal(body["rate"]) == expected_rate
    assert Decimal(body["converted"]["amount"]) == (100 * expected_rate).quantize(Decimal(1))
    assert (body["rate_date"], body["source"]) == ("2026-10-23", "ECB")


def test_a_weekend_is_a_problem_naming_the_nearest_dates(client, eu_rep, token_for):
    load_fortnight()
    auth = {"Authorization": f"Bearer {token_for(eu_rep)}"}

    response = client.get(URL, {"amount": "1", "to": "USD", "date": A_SATURDAY}, headers=auth)

    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == "date"
    assert "2026-10-23" in problem["errors"][0]["message"]

    ok = client.get(
        URL, {"amount": "1", "to": "USD", "date": A_SATURDAY, "on_or_before": "true"}, headers=auth
    )
    assert ok.status_code == 200 and ok.json()["rate_date"] == "2026-10-23"


def test_an_unknown_currency_names_its_field(client, eu_rep, token_for):
    auth = {"Authorization": f"Bearer {token_for(eu_rep)}"}

    response = client.get(URL, {"amount": "1", "to": "XYZ", "date": A_FRIDAY}, headers=auth)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to"
