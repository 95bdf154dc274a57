"""A won deal keeps the rate of its close date: later rates do not move its reported value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from orbis.localisation.models import ExchangeRate
from orbis.sales.models import Deal
from orbis.sales.services import deals

from .conftest import FRIDAY, LATER, MONDAY, stage


@pytest.fixture
def us_deal(us_seller: Any, any_market_pipeline: Any, fx_rates: Any) -> Deal:
    return deals.create_deal(
        {
            "name": "Fleet renewal",
            "pipeline": str(any_market_pipeline.pk),
            "market": "US",
            "amount": "11000.00",
            "currency": "USD",
            "close_date": "2026-03-31",
        },
        actor=us_seller,
    )


def test_winning_locks_the_rate_of_the_close_date(us_deal: Deal, us_seller: Any) -> None:
    won = deals.move_deal(
        us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=MONDAY
    )

    assert won.status == "won" and won.closed_on == MONDAY
    # 11,000 USD at 1.10 USD per EUR on Monday.
    assert (won.reporting_currency, won.reporting_amount) == ("EUR", Decimal("10000.00"))
    assert (won.fx_date, won.fx_source) == (MONDAY, ExchangeRate.ECB)
    assert won.fx_rate == Decimal(1) / Decimal("1.1000")


def test_a_later_rate_change_leaves_the_won_deal_unchanged(us_deal: Deal, us_seller: Any) -> None:
    deals.move_deal(us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=MONDAY)
    ExchangeRate.objects.filter(currency="USD", date=MONDAY).update(rate=Decimal("2.0"))

    deal = Deal.objects.get(pk=us_deal.pk)
    assert deal.reporting_amount == Decimal("10000.00")


def test_a_weekend_close_takes_fridays_rate_and_says_so(us_deal: Deal, us_seller: Any) -> None:
    sunday = MONDAY.replace(day=8)

    won = deals.move_deal(
        us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=sunday
    )

    assert won.closed_on == sunday and won.fx_date == FRIDAY
    assert won.reporting_amount == (Decimal(11000) / Decimal("1.08")).quantize(Decimal("0.01"))


def test_reopening_clears_the_lock_and_winning_again_locks_the_new_day(
    us_deal: Deal, us_seller: Any
) -> None:
    deals.move_deal(us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=MONDAY)
    reopened = deals.move_deal(us_deal, stage(us_deal.pipeline, "Negotiate"), actor=us_seller)
    assert reopened.status == "open" and reopened.reporting_amount is None
    assert reopened.closed_on is None

    won = deals.move_deal(us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=LATER)
    assert won.fx_date == LATER and won.reporting_amount == Decimal("8800.00")


def test_changing_a_won_deals_amount_keeps_its_close_date_rate(
    us_deal: Deal, us_seller: Any
) -> None:
    won = deals.move_deal(
        us_deal, stage(us_deal.pipeline, "Won"), actor=us_seller, closed_on=MONDAY
    )

    changed = deals.update_deal(won, {"amount": "22000.00"}, actor=us_seller, version=won.etag)

    assert changed.fx_date == MONDAY and changed.reporting_amount == Decimal("20000.00")


def test_a_deal_in_a_currency_without_any_rate_cannot_be_won_silently(
    us_seller: Any, any_market_pipeline: Any, fx_rates: Any
) -> None:
    deal = deals.create_deal(
        {
            "name": "Rupee deal",
            "pipeline": str(any_market_pipeline.pk),
            "market": "US",
            "amount": "100",
            "currency": "INR",
            "close_date": "2026-03-31",
        },
        actor=us_seller,
    )

    with pytest.raises(Exception) as caught:
        deals.move_deal(deal, stage(deal.pipeline, "Won"), actor=us_seller, closed_on=MONDAY)

    assert "INR" in str(caught.value)
    assert Deal.objects.get(pk=deal.pk).status == "open"
