"""Bulk order ingest: one order per (source, external_id); a resend changes nothing, other
content is an audited update, a bad order names its field and nothing of the batch is kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.sales.models import Order, OrderLine
from orbis.sales.services.orders import ingest_orders

from .conftest import FRIDAY, MONDAY


def order(external_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "source": "shop",
        "external_id": external_id,
        "market": "US",
        "currency": "USD",
        "channel": "online",
        "ordered_at": "2026-03-09T15:30:00-05:00",
        "lines": [{"sku": "MUG", "quantity": "2", "unit_price": "5.50"}],
        "tax_total": "0.80",
        **extra,
    }


def test_orders_are_created_once_and_a_resend_changes_nothing(
    us_seller: Any, fx_rates: Any
) -> None:
    first = ingest_orders([order("1001"), order("1002")], actor=us_seller)
    again = ingest_orders([order("1001"), order("1002")], actor=us_seller)

    assert len(first.created) == 2 and not first.updated
    assert sorted(again.unchanged) == sorted(first.created) and not again.created
    assert Order.objects.count() == 2 and OrderLine.objects.count() == 2


def test_totals_and_the_booking_date_rate_are_stored(us_seller: Any, fx_rates: Any) -> None:
    (pk,) = ingest_orders([order("1001")], actor=us_seller).created

    stored = Order.objects.get(pk=pk)
    assert (stored.net_total, stored.tax_total, stored.gross_total) == (
        Decimal("11.00"),
        Decimal("0.80"),
        Decimal("11.80"),
    )
    # Booked on 9 March in New York; revenue is net: 11.00 USD at 1.10 = 10.00 EUR.
    assert stored.booked_on == MONDAY and stored.fx_date == MONDAY
    assert stored.reporting_amount == Decimal("10.00")


def test_a_sunday_order_uses_fridays_rate(us_seller: Any, fx_rates: Any) -> None:
    (pk,) = ingest_orders(
        [order("1001", ordered_at="2026-03-08T10:00:00-05:00")], actor=us_seller
    ).created

    assert Order.objects.get(pk=pk).fx_date == FRIDAY


def test_the_same_external_id_with_other_content_is_an_audited_update(
    us_seller: Any, fx_rates: Any
) -> None:
    (pk,) = ingest_orders([order("1001")], actor=us_seller).created

    result = ingest_orders(
        [order("1001", status="refunded", refunded_total="11.80")], actor=us_seller
    )

    assert result.updated == [pk] and Order.objects.count() == 1
    stored = Order.objects.get(pk=pk)
    assert stored.status == "refunded" and stored.reporting_amount == Decimal("0.00")
    event = AuditEvent.objects.filter(action="sales.order_updated").get()
    assert event.target_id == pk and event.changes["status"] == {"from": "placed", "to": "refunded"}


def test_a_bad_order_names_its_field_and_nothing_of_the_batch_is_stored(
    us_seller: Any, fx_rates: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        ingest_orders(
            [
                order("1001"),
                order(
                    "1002",
                    currency="JPY",
                    tax_total="0",
                    lines=[{"quantity": 1, "unit_price": "10.5"}],
                ),
                order("1003", ordered_at="2026-03-09 10:00"),
                order("1004", market="ZZ"),
            ],
            actor=us_seller,
        )

    assert set(caught.value.errors) == {
        "orders.1.lines.0.unit_price",
        "orders.2.ordered_at",
        "orders.3.market",
    }
    assert not Order.objects.exists()


def test_one_external_id_twice_in_a_batch_is_refused(us_seller: Any, fx_rates: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        ingest_orders([order("1001"), order("1001", tax_total="1.00")], actor=us_seller)

    assert set(caught.value.errors) == {"orders.1.external_id"}


def test_orders_go_only_into_the_regions_the_actor_may_record_in(
    us_seller: Any, eu_rep: Any, fx_rates: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        ingest_orders([order("1001", market="DE", currency="EUR")], actor=us_seller)
    assert set(caught.value.errors) == {"orders.0.market"}

    with pytest.raises(PermissionDenied):
        ingest_orders([order("1002")], actor=eu_rep)


def test_a_contact_the_actor_cannot_see_is_no_such_contact(
    us_seller: Any, eu_seller: Any, make_contact: Any, fx_rates: Any
) -> None:
    german = make_contact(eu_seller)

    with pytest.raises(ValidationError) as caught:
        ingest_orders([order("1001", contact=str(german.pk))], actor=us_seller)

    assert caught.value.errors == {"orders.0.contact": ["No such contact."]}
