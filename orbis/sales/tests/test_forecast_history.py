"""Quotas with attainment, and the weekly forecast snapshot read back through the API, against
hand-computed figures; both scoped to the caller's regions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from orbis.conftest import SETUP, _user
from orbis.identity import services as identity_services
from orbis.identity.tests.signing_in import signs_in
from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.sales.models import DealSnapshot, ForecastSnapshot
from orbis.sales.services import deals, forecasting

from .conftest import FRIDAY, MONDAY, SELLING, stage

PASSWORD = "correct horse battery staple"


@pytest.fixture
def manager(regions: dict[str, Any]) -> Any:
    role = identity_services.create_role(
        "EMEA sales managers", [*SELLING, "sales.manage_quotas"], [regions["emea"]], actor=SETUP
    )
    return _user("manager", role, time_zone="Europe/Berlin")


@pytest.fixture
def pipeline_deals(eu_seller: Any, german_pipeline: Any, fx_rates: Any) -> dict[str, Any]:
    """Won on Friday: 2,500 EUR. Open, closing on 31 March: 1,000 EUR in commit (70 %) and
    550 USD in best case (40 %)."""

    def deal(name: str, amount: str, currency: str, stage_name: str) -> Any:
        made = deals.create_deal(
            {
                "name": name,
                "pipeline": str(german_pipeline.pk),
                "market": "DE",
                "amount": amount,
                "currency": currency,
                "close_date": "2026-03-31",
                "owner": str(eu_seller.pk),
            },
            actor=eu_seller,
        )
        closed_on = FRIDAY if stage_name == "Won" else None
        return deals.move_deal(
            made, stage(german_pipeline, stage_name), actor=eu_seller, closed_on=closed_on
        )

    return {
        "won": deal("Won", "2500.00", "EUR", "Won"),
        "commit": deal("Commit", "1000.00", "EUR", "Negotiate"),
        "best": deal("Best", "550.00", "USD", "Propose"),
    }


def _api(user: Any, token_for: Any) -> tuple[Client, dict[str, str]]:
    return Client(), {"Authorization": f"Bearer {token_for(user)}"}


def test_a_quota_shows_what_its_owner_won_in_the_period(
    manager: Any, eu_seller: Any, pipeline_deals: Any, token_for: Any
) -> None:
    client, headers = _api(manager, token_for)

    made = client.post(
        "/api/v1/quotas",
        {
            "owner": str(eu_seller.pk),
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "amount": {"amount": "10000.00", "currency": "EUR"},
        },
        content_type="application/json",
        headers=headers,
    )

    assert made.status_code == 201, made.content
    row = made.json()
    # Won in the quarter: the 2,500 EUR deal; 2,500 / 10,000 = 25 %.
    assert row["won"] == {"amount": "2500.00", "currency": "EUR"}
    assert Decimal(row["attainment_percent"]) == Decimal(25)
    listed = client.get("/api/v1/quotas?on=2026-02-15", headers=headers).json()["items"]
    assert [q["won"]["amount"] for q in listed] == ["2500.00"]


def test_bad_quotas_are_refused_naming_the_field(manager: Any, eu_seller: Any) -> None:
    cases = [
        (("2026-03-31", "2026-01-01", "100"), "period_end"),
        (("2026-01-01", "2027-06-30", "100"), "period_end"),
        (("2026-01-01", "2026-03-31", "0"), "amount"),
        (("2026-01-01", "2026-03-31", "10.123"), "amount"),
    ]
    for (start, end, amount), field in cases:
        with pytest.raises(ValidationError) as refused:
            forecasting.set_quota(eu_seller, start, end, amount, currency="EUR", actor=manager)
        assert field in refused.value.errors, (start, end, amount)


def test_a_seller_without_the_permission_cannot_set_quotas_or_take_snapshots(
    eu_seller: Any,
) -> None:
    with pytest.raises(PermissionDenied):
        forecasting.set_quota(
            eu_seller, "2026-01-01", "2026-03-31", "100", currency="EUR", actor=eu_seller
        )
    with pytest.raises(PermissionDenied):
        forecasting.take_snapshot(actor=eu_seller, taken_on=MONDAY)


def test_the_snapshot_keeps_the_forecast_of_its_day(
    manager: Any, us_seller: Any, pipeline_deals: Any, token_for: Any
) -> None:
    result = forecasting.take_snapshot(actor=manager, taken_on=MONDAY)
    assert result.deals == 3 and not result.missing_rates

    # A later change does not move what the snapshot holds.
    deals.update_deal(pipeline_deals["commit"], {"amount": "9999.00"}, actor=manager)
    client, headers = _api(manager, token_for)
    history = client.get(
        "/api/v1/forecast/history?start=2026-03-01&months=1", headers=headers
    ).json()

    (week,) = history["items"]
    (march,) = week["months"]
    assert week["taken_on"] == MONDAY.isoformat() and history["currency"] == "EUR"
    # Monday's rate: 550 USD / 1.10 = 500 EUR.
    assert march["commit"]["amount"] == "1000.00"
    assert march["best_case"]["amount"] == "500.00"
    assert march["closed_won"]["amount"] == "2500.00"
    # 1,000 x 70 % + 500 x 40 % + 2,500 x 100 % = 3,400.
    assert march["weighted"]["amount"] == "3400.00"
    # Taken again the same day, it replaces itself.
    forecasting.take_snapshot(actor=manager, taken_on=MONDAY)
    assert DealSnapshot.objects.filter(taken_on=MONDAY).count() == 3
    # Outside the caller's regions there is nothing to see.
    outsider, other = _api(us_seller, token_for)
    empty = outsider.get("/api/v1/forecast/history?start=2026-03-01&months=1", headers=other)
    assert all(
        m["commit"]["amount"] in ("0", "0.00") for w in empty.json()["items"] for m in w["months"]
    )
    assert ForecastSnapshot.objects.visible_to(us_seller).count() == 0


def test_the_forecast_page_shows_attainment_history_and_constant_rates(
    manager: Any, eu_seller: Any, pipeline_deals: Any
) -> None:
    forecasting.set_quota(
        eu_seller, "2026-01-01", "2026-12-31", "10000", currency="EUR", actor=manager
    )
    forecasting.take_snapshot(actor=manager, taken_on=FRIDAY)
    forecasting.take_snapshot(actor=manager, taken_on=MONDAY)
    client = Client()
    assert signs_in(manager.username, PASSWORD, client)

    page = client.get("/sales/forecast/?start=2026-03-01&months=1&rates_on=2026-04-08")
    bad = client.get("/sales/forecast/?start=2026-03-01&months=1&rates_on=soon")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="chart-forecast-actual"' in html and 'id="forecast-charts"' in html
    assert "25" in html  # 2,500 won of 10,000
    # Restated at 8 April's rates, Germany's won euros stay euros: 2,500.
    assert "€2,500.00" in html and 'value="2026-04-08"' in html
    assert bad.status_code == 400 and "rates_on" in bad.content.decode()
