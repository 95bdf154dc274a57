"""A token's expiry day ends at midnight in the user's own time zone; past days are refused."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from orbis.identity.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_token_works_until_the_end_of_the_chosen_day_in_the_users_time_zone(client, eu_rep):
    client.force_login(eu_rep)  # Europe/Berlin
    day = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date() + datetime.timedelta(days=3)
    client.post(
        "/preferences/tokens/", {"name": "CI", "scopes": ["read", "write"], "expires_on": day}
    )
    token = ApiToken.objects.get(user=eu_rep)
    next_midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, ZoneInfo("Europe/Berlin")
    )
    assert token.expires_at == next_midnight
    assert token.scopes == ["read", "write"]


def test_a_day_in_the_past_is_refused_beside_the_field(client, eu_rep):
    client.force_login(eu_rep)
    page = client.post(
        "/preferences/tokens/",
        {"name": "CI", "scopes": ["read"], "expires_on": "2020-01-01"},
    ).content.decode()
    assert 'data-field="expires_on"' in page
    assert not ApiToken.objects.filter(user=eu_rep).exists()
