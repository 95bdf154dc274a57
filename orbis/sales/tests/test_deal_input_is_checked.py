"""Bad deal input is a clear error naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.kernel.errors import NotFound, PermissionDenied, ValidationError
from orbis.sales.models import Deal, StageChange
from orbis.sales.services import deals, pipelines
from orbis.sales.tests.conftest import SETUP, STAGES, stage


def _data(pipeline: Any, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Rollout",
        "pipeline": str(pipeline.pk),
        "market": "DE",
        "amount": "1000.00",
        "close_date": "2026-06-30",
        **extra,
    }


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.errors)


def test_a_new_deal_starts_in_the_first_stage_in_its_markets_currency_and_region(
    eu_seller: Any, german_pipeline: Any
) -> None:
    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)

    assert deal.stage.name == "Qualify" and deal.currency == "EUR"
    assert deal.region.code == "emea" and deal.owner == eu_seller
    assert list(StageChange.objects.filter(deal=deal).values_list("to_stage__name", flat=True)) == [
        "Qualify"
    ]


def test_a_stage_of_another_pipeline_is_refused(eu_seller: Any, german_pipeline: Any) -> None:
    other = pipelines.create_pipeline("France", STAGES, market="FR", actor=SETUP)
    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)

    with pytest.raises(ValidationError) as caught:
        deals.move_deal(deal, stage(other, "Won"), actor=eu_seller)
    assert _fields(caught) == {"stage"}

    with pytest.raises(ValidationError) as caught:
        deals.create_deal(
            _data(german_pipeline, stage=str(stage(other, "Propose").pk)), actor=eu_seller
        )
    assert _fields(caught) == {"stage"}


def test_a_pipeline_of_another_market_is_refused(eu_seller: Any, german_pipeline: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        deals.create_deal(_data(german_pipeline, market="FR"), actor=eu_seller)
    assert _fields(caught) == {"pipeline"}


@pytest.mark.parametrize(
    ("currency", "amount"),
    [("EUR", "10.005"), ("JPY", "100.5"), ("KWD", "1.0001")],
    ids=["eur-3-decimals", "jpy-1-decimal", "kwd-4-decimals"],
)
def test_an_amount_with_more_decimals_than_its_currency_is_refused(
    eu_seller: Any, german_pipeline: Any, currency: str, amount: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        deals.create_deal(_data(german_pipeline, currency=currency, amount=amount), actor=eu_seller)

    assert _fields(caught) == {"amount"}
    assert not Deal.objects.exists()


def test_several_bad_fields_are_named_at_once(eu_seller: Any, german_pipeline: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        deals.create_deal(
            _data(german_pipeline, name="", currency="XXQ", close_date="soon", colour="red"),
            actor=eu_seller,
        )

    assert _fields(caught) >= {"name", "currency", "close_date", "colour"}


def test_deals_outside_the_sellers_regions_are_not_there(
    eu_seller: Any, us_seller: Any, german_pipeline: Any
) -> None:
    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)

    assert not Deal.objects.visible_to(us_seller).filter(pk=deal.pk).exists()
    with pytest.raises(NotFound):
        deals.update_deal(deal, {"name": "Mine now"}, actor=us_seller)
    with pytest.raises(ValidationError) as caught:
        deals.create_deal(_data(german_pipeline), actor=us_seller)
    assert "market" in _fields(caught)


def test_a_viewer_may_see_but_not_move_a_deal(
    eu_seller: Any, dpo: Any, german_pipeline: Any, regions: Any
) -> None:
    from orbis.identity import services as identity_services

    role = identity_services.create_role(
        "Sales viewer", ["sales.view"], [regions["emea"]], actor=SETUP
    )
    roles = [*dpo.roles.all(), role]
    identity_services.update_user(dpo, {"roles": roles}, actor=SETUP)
    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)

    assert Deal.objects.visible_to(dpo).filter(pk=deal.pk).exists()
    with pytest.raises(PermissionDenied):
        deals.move_deal(deal, stage(german_pipeline, "Won"), actor=dpo)


def test_a_stale_version_is_refused(eu_seller: Any, german_pipeline: Any) -> None:
    from orbis.kernel.errors import PreconditionFailed

    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)
    old = deal.etag
    deals.update_deal(deal, {"next_step": "Call Monday"}, actor=eu_seller, version=old)

    with pytest.raises(PreconditionFailed):
        deals.update_deal(deal, {"next_step": "Call Tuesday"}, actor=eu_seller, version=old)


def test_stage_history_records_each_move_with_its_actor(
    eu_seller: Any, german_pipeline: Any
) -> None:
    deal = deals.create_deal(_data(german_pipeline), actor=eu_seller)
    deals.move_deal(deal, stage(german_pipeline, "Propose"), actor=eu_seller)
    deals.move_deal(deal, stage(german_pipeline, "Lost"), actor=eu_seller, reason="Budget cut")

    history = list(
        StageChange.objects.filter(deal=deal).values_list("from_stage__name", "to_stage__name")
    )
    assert history == [(None, "Qualify"), ("Qualify", "Propose"), ("Propose", "Lost")]
    deal.refresh_from_db()
    assert deal.status == "lost" and deal.close_reason == "Budget cut"
    assert deal.reporting_amount is None
