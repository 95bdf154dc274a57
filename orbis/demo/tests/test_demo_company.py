"""The demo builds a multinational: >= 12 markets in >= 5 regions, staff in every region."""

from __future__ import annotations

from typing import Any

from orbis.identity.access import grants_for
from orbis.identity.models import User
from orbis.localisation.models import Market, Region


def test_markets_span_regions(small_demo: Any) -> None:
    assert Market.objects.count() >= 12
    assert Region.objects.filter(markets__isnull=False).distinct().count() >= 5
    for market in Market.objects.all():
        assert market.default_currency and market.default_language and market.time_zone != "UTC"


def test_every_region_has_sales_reps_and_agents(small_demo: Any) -> None:
    for region in Region.objects.all():
        members = User.objects.filter(team__region=region)
        sales = [u for u in members if "customers.add" in grants_for(u).permissions]
        agents = [u for u in members if grants_for(u).permissions == frozenset({"customers.view"})]
        assert sales and agents, region.code
        assert all(
            grants_for(u).region_ids("customers.view") == {region.pk} for u in sales + agents
        )


def test_demo_logins_work(small_demo: Any, client: Any) -> None:
    from orbis.demo.organisation import demo_logins

    for username, password, _ in demo_logins():
        assert User.objects.get(username=username).check_password(password), username
    assert User.objects.get(username="admin").is_superuser
