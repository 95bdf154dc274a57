"""GET /api/v1/fx/convert also says how old its rate is, and whether newer rates are missing;
the fields it answered with before are unchanged."""

from __future__ import annotations

import datetime

import pytest

from .clock import freeze_today
from .ecb_data import A_FRIDAY, A_SATURDAY, load_fortnight

pytestmark = pytest.mark.django_db

URL = "/api/v1/fx/convert"
EARLIER_FIELDS = {"original", "converted", "rate", "rate_date", "requested_date", "source"}


def convert(client, token, **query) -> dict:
    response = client.get(URL, query, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_rate_of_the_day_asked_for_is_not_old(client, eu_rep, token_for, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, datetime.date(2026, 12, 3))

    body = convert(client, token_for(eu_rep), amount="1", to="USD", date=A_FRIDAY)

    assert body.keys() >= EARLIER_FIELDS
    assert (body["rate_age_days"], body["rate_age_business_days"], body["rate_stale"]) == (
        0,
        0,
        False,
    )


def test_fridays_rate_for_a_saturday_is_a_day_old_not_stale(client, eu_rep, token_for):
    load_fortnight()

    body = convert(
        client, token_for(eu_rep), amount="1", to="USD", date=A_SATURDAY, on_or_before="true"
    )

    assert (body["rate_age_days"], body["rate_age_business_days"], body["rate_stale"]) == (
        1,
        0,
        False,
    )


def test_a_rate_weeks_older_than_the_day_asked_for_is_stale(client, eu_rep, token_for, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, datetime.date(2026, 12, 3))

    body = convert(
        client, token_for(eu_rep), amount="1", to="USD", date="2026-12-03", on_or_before="true"
    )

    assert body["rate_date"] == "2026-10-30"
    assert (body["rate_age_days"], body["rate_age_business_days"], body["rate_stale"]) == (
        34,
        24,
        True,
    )


def test_the_schema_documents_the_age_fields(client):
    schema = client.get("/api/v1/openapi.json").json()

    fields = schema["components"]["schemas"]["ConversionOut"]["properties"]
    assert {"rate_age_days", "rate_age_business_days", "rate_stale"} <= fields.keys()
    assert "TARGET" in fields["rate_age_business_days"]["description"]
