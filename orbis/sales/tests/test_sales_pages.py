"""The sales pages: the board with per-currency column totals, moves by drag (JSON) and by the
keyboard form, the deal list with its footer, the deal page, the new-deal form, the forecast;
a deal in another region is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from orbis.identity.tests.signing_in import signs_in
from orbis.sales.models import Deal
from orbis.sales.services import deals

from .conftest import stage

PASSWORD = "correct horse battery staple"


def _client(user: Any) -> Client:
    client = Client()
    assert signs_in(user.username, PASSWORD, client)
    return client


@pytest.fixture
def eu_deals(eu_seller: Any, german_pipeline: Any, fx_rates: Any) -> list[Deal]:
    made = []
    for name, amount, currency in [("Berlin", "1000.00", "EUR"), ("Boston", "550.00", "USD")]:
        made.append(
            deals.create_deal(
                {
                    "name": name,
                    "pipeline": str(german_pipeline.pk),
                    "market": "DE",
                    "amount": amount,
                    "currency": currency,
                    "close_date": "2026-06-30",
                },
                actor=eu_seller,
            )
        )
    return made


def test_the_board_shows_each_currency_and_a_labelled_conversion(
    eu_seller: Any, eu_deals: list[Deal], german_pipeline: Any
) -> None:
    page = _client(eu_seller).get(f"/sales/board/{german_pipeline.pk}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "Berlin" in text and "Boston" in text
    # Qualify holds 1.000,00 € and 550,00 $ (German locale), never one mixed number.
    assert "1.000,00\xa0€" in text and "550,00\xa0$" in text
    assert "≈" in text and "ECB" in text


def test_dragging_a_card_moves_the_deal_and_answers_json(
    eu_seller: Any, eu_deals: list[Deal], german_pipeline: Any
) -> None:
    deal = eu_deals[0]
    response = _client(eu_seller).post(
        f"/sales/deals/{deal.pk}/move/",
        {"stage": stage(german_pipeline, "Won").pk, "version": deal.etag},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200 and response.json()["status"] == "won"
    deal.refresh_from_db()
    assert deal.stage.name == "Won" and deal.reporting_amount is not None


def test_a_stale_drag_is_refused_with_a_reason(
    eu_seller: Any, eu_deals: list[Deal], german_pipeline: Any
) -> None:
    deal = eu_deals[0]
    response = _client(eu_seller).post(
        f"/sales/deals/{deal.pk}/move/",
        {"stage": stage(german_pipeline, "Won").pk, "version": 'W/"1.0"'},
        headers={"Accept": "application/json"},
    )

    # The seller reads German: the reason is in their language.
    assert response.status_code == 422 and "inzwischen geändert" in response.json()["error"]
    deal.refresh_from_db()
    assert deal.stage.name == "Qualify"


def test_the_keyboard_form_moves_the_deal_and_returns_to_the_board(
    eu_seller: Any, eu_deals: list[Deal], german_pipeline: Any
) -> None:
    deal = eu_deals[0]
    response = _client(eu_seller).post(
        f"/sales/deals/{deal.pk}/move/", {"stage": stage(german_pipeline, "Propose").pk}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/sales/board/{german_pipeline.pk}/"
    deal.refresh_from_db()
    assert deal.stage.name == "Propose"


def test_the_list_pages_and_totals_all_matching_deals_per_currency(
    eu_seller: Any, eu_deals: list[Deal]
) -> None:
    page = _client(eu_seller).get("/sales/deals/")

    text = page.content.decode()
    assert page.status_code == 200 and "Berlin" in text
    footer = text[text.index("<tfoot>") :]
    assert "1.000,00\xa0€" in footer and "550,00\xa0$" in footer


def test_the_deal_page_shows_history_and_the_locked_rate(
    eu_seller: Any, eu_deals: list[Deal], german_pipeline: Any
) -> None:
    deal = eu_deals[1]
    deals.move_deal(deal, stage(german_pipeline, "Won"), actor=eu_seller, closed_on="2026-03-09")

    text = _client(eu_seller).get(f"/sales/deals/{deal.pk}/").content.decode()

    assert "500,00\xa0€" in text  # 550 USD at 1.10 on 9 March, locked
    assert "Qualify" in text and "Won" in text


def test_a_deal_in_another_region_is_not_found(us_seller: Any, eu_deals: list[Deal]) -> None:
    client = _client(us_seller)

    assert client.get(f"/sales/deals/{eu_deals[0].pk}/").status_code == 404
    assert client.post(
        f"/sales/deals/{eu_deals[0].pk}/move/", {"stage": eu_deals[0].stage_id}
    ).status_code in (302, 404)
    eu_deals[0].refresh_from_db()
    assert eu_deals[0].stage.name == "Qualify"


def test_the_new_deal_form_creates_a_deal_or_names_the_bad_field(
    eu_seller: Any, german_pipeline: Any
) -> None:
    client = _client(eu_seller)
    data = {
        "name": "Hamburg",
        "pipeline": str(german_pipeline.pk),
        "market": "DE",
        "amount": "12.345",
        "currency": "EUR",
        "close_date": "2026-07-01",
    }

    refused = client.post("/sales/deals/new/", data)
    assert refused.status_code == 422 and "decimal places" in refused.content.decode()
    assert not Deal.objects.exists()

    created = client.post("/sales/deals/new/", {**data, "amount": "12.34"})
    assert created.status_code == 302
    assert Deal.objects.get().name == "Hamburg"


def test_the_forecast_page_shows_the_months_in_the_reporting_currency(
    eu_seller: Any, eu_deals: list[Deal]
) -> None:
    page = _client(eu_seller).get("/sales/forecast/?start=2026-04-01&months=3")

    text = page.content.decode()
    assert page.status_code == 200 and "Juni 2026" in text
