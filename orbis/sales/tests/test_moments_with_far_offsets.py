"""ISO 8601 allows UTC offsets up to ±23:59 and PostgreSQL only ±15:59: a filter or an order
time with a far offset is read in UTC, never a 500 (found by the conformance fuzzing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from orbis.sales.models import Order
from orbis.sales.services.orders import ingest_orders


def test_a_filter_with_a_far_offset_is_answered(eu_seller: Any, token_for: Any) -> None:
    headers = {"Authorization": f"Bearer {token_for(eu_seller)}"}
    client = Client()
    for path in (
        "/api/v1/leads?created_after=0021-01-30T17:48:36.991-23:25",
        "/api/v1/companies?updated_since=0869-04-04T21:06:05.950192-22:59",
        "/api/v1/contacts?updated_since=2026-01-01T00:00:00%2B23:59",
    ):
        assert client.get(path, headers=headers).status_code == 200, path


def test_an_order_placed_at_a_far_offset_keeps_its_local_day(eu_seller: Any, fx_rates: Any) -> None:
    order = {
        "source": "shop",
        "external_id": "far-1",
        "market": "DE",
        "currency": "EUR",
        "channel": "online",
        "ordered_at": "2026-03-09T23:30:00-20:00",
        "lines": [{"sku": "MUG", "quantity": "1", "unit_price": "5.00"}],
    }
    (pk,) = ingest_orders([order], actor=eu_seller).created

    stored = Order.objects.get(pk=pk)
    assert stored.booked_on == datetime.date(2026, 3, 9)
    assert stored.ordered_at == datetime.datetime(2026, 3, 10, 19, 30, tzinfo=datetime.UTC)
