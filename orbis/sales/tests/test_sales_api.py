"""The sales API: money as decimal strings, ETag and If-Match, Idempotency-Key, cursors,
problem+json naming the field, and region scoping (a deal elsewhere is a 404)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from .conftest import stage


def _client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client: Client, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def eu_api(eu_seller: Any, token_for: Any) -> Client:
    return _client(token_for(eu_seller, ["read", "write"]))


@pytest.fixture
def us_api(us_seller: Any, token_for: Any) -> Client:
    return _client(token_for(us_seller, ["read", "write"]))


def _deal(client: Client, pipeline: Any, **extra: Any) -> Any:
    body = {
        "name": "Rollout",
        "pipeline": str(pipeline.pk),
        "market": "DE",
        "amount": "1234.50",
        "close_date": "2026-06-30",
        **extra,
    }
    return _post(client, "/api/v1/deals", body, **{"Idempotency-Key": f"k-{extra}"})


def test_a_deal_is_created_read_and_moved_with_money_as_decimal_strings(
    eu_api: Client, german_pipeline: Any, fx_rates: Any
) -> None:
    created = _deal(eu_api, german_pipeline)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["amount"] == {"amount": "1234.50", "currency": "EUR"}
    assert body["stage_name"] == "Qualify" and body["region"] == "emea"

    read = eu_api.get(f"/api/v1/deals/{body['id']}")
    won = stage(german_pipeline, "Won")
    moved = _post(
        eu_api,
        f"/api/v1/deals/{body['id']}/move",
        {"stage": str(won.pk), "closed_on": "2026-03-09"},
        **{"If-Match": read["ETag"]},
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "won"
    assert moved.json()["locked_rate"]["reporting_amount"] == {
        "amount": "1234.50",
        "currency": "EUR",
    }


def test_a_retry_with_the_same_idempotency_key_makes_one_deal(
    eu_api: Client, german_pipeline: Any
) -> None:
    first, second = _deal(eu_api, german_pipeline), _deal(eu_api, german_pipeline)

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]


def test_a_stale_if_match_is_412_and_a_missing_one_428(
    eu_api: Client, german_pipeline: Any
) -> None:
    deal = _deal(eu_api, german_pipeline).json()
    path = f"/api/v1/deals/{deal['id']}"

    missing = eu_api.patch(path, json.dumps({"name": "X"}), content_type="application/json")
    stale = eu_api.patch(
        path,
        json.dumps({"name": "X"}),
        content_type="application/json",
        headers={"If-Match": 'W/"1"'},
    )

    assert (missing.status_code, stale.status_code) == (428, 412)


def test_bad_input_is_a_problem_naming_the_field(eu_api: Client, german_pipeline: Any) -> None:
    response = _deal(eu_api, german_pipeline, currency="JPY", amount="10.5")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["amount"]


def test_a_deal_in_another_region_is_404(
    eu_api: Client, us_api: Client, german_pipeline: Any
) -> None:
    deal = _deal(eu_api, german_pipeline).json()

    assert us_api.get(f"/api/v1/deals/{deal['id']}").status_code == 404
    assert us_api.get("/api/v1/deals").json()["items"] == []


def test_deal_lists_page_with_cursors(eu_api: Client, german_pipeline: Any) -> None:
    for name in ("Alpha", "Bravo", "Charlie"):
        _deal(eu_api, german_pipeline, name=name)

    first = eu_api.get("/api/v1/deals?limit=2").json()
    second = eu_api.get(f"/api/v1/deals?limit=2&cursor={first['next_cursor']}").json()

    assert [d["name"] for d in first["items"] + second["items"]] == ["Alpha", "Bravo", "Charlie"]
    assert second["next_cursor"] is None


def test_bulk_orders_are_idempotent_over_http(us_api: Client, fx_rates: Any) -> None:
    batch = {
        "orders": [
            {
                "source": "shop",
                "external_id": str(n),
                "market": "US",
                "ordered_at": "2026-03-09T10:00:00-05:00",
                "lines": [{"sku": "MUG", "quantity": "1", "unit_price": "5.00"}],
            }
            for n in range(3)
        ]
    }
    response = _post(us_api, "/api/v1/orders/bulk", batch)
    assert response.status_code == 200, response.content
    first = response.json()
    again = _post(us_api, "/api/v1/orders/bulk", batch).json()
    batch["orders"][0]["status"] = "cancelled"
    changed = _post(us_api, "/api/v1/orders/bulk", batch).json()

    assert len(first["created"]) == 3 and sorted(again["unchanged"]) == sorted(first["created"])
    assert changed["updated"] == [first["created"][0]] and len(changed["unchanged"]) == 2
    listed = us_api.get("/api/v1/orders").json()["items"]
    assert len(listed) == 3 and listed[0]["gross_total"] == {"amount": "5.00", "currency": "USD"}


def test_the_forecast_answers_in_the_reporting_currency(
    eu_api: Client, german_pipeline: Any, fx_rates: Any
) -> None:
    _deal(eu_api, german_pipeline, close_date="2026-06-30")

    body = eu_api.get("/api/v1/forecast?start=2026-04-01&months=3").json()

    assert body["currency"] == "EUR"
    june = body["months"][2]
    assert june["pipeline"] == {"amount": "1234.50", "currency": "EUR"}
    assert june["weighted"] == {"amount": "123.45", "currency": "EUR"}
