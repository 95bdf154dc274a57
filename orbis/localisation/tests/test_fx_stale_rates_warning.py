"""Stale rates say so: the rates page, the converter and the reporting-currency amount warn
once the newest rate is more than a few ECB publishing days old, and only then."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from orbis.kernel.money import Money

from .clock import freeze_today
from .ecb_data import A_FRIDAY, LAST_DAY, load_fortnight

pytestmark = pytest.mark.django_db

PAGE = reverse("localisation_rates:rates")
# LAST_DAY is Friday 30 Oct 2026, the last day of the stored fortnight.
THE_MONDAY_AFTER = datetime.date(2026, 11, 2)  # one publishing day later: up to date
THE_DAY_OF_THE_REPORT = datetime.date(2026, 12, 3)  # 24 publishing days later: stale


def page_for(client, user) -> str:
    client.force_login(user)
    return client.get(PAGE, headers={"Accept-Language": "en"}).content.decode()


def test_the_rates_page_warns_when_the_newest_rate_is_weeks_old(client, us_rep, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, THE_DAY_OF_THE_REPORT)

    page = page_for(client, us_rep)

    warning = page[page.index('data-testid="stale-rates"') :]
    assert "Oct 30, 2026" in warning[:600] and "24 days" in warning[:600]
    header = page[page.index('data-testid="ecb-newest"') :]
    header = header[: header.index("</span></span>")]
    assert 'data-rate-age="stale"' in header and "5 weeks ago" in header


def test_the_rates_page_does_not_warn_the_monday_after_a_friday_rate(client, us_rep, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, THE_MONDAY_AFTER)

    page = page_for(client, us_rep)

    assert 'data-testid="stale-rates"' not in page and 'data-rate-age="stale"' not in page
    header = page[page.index('data-testid="ecb-newest"') :]
    assert 'data-rate-age="fresh"' in header[:400] and "3 days ago" in header[:400]


def test_the_converter_warns_only_when_the_rate_it_used_is_stale(client, us_rep, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, THE_DAY_OF_THE_REPORT)
    client.force_login(us_rep)
    query = {"amount": "100", "from_currency": "USD", "to_currency": "JPY", "on_or_before": "on"}

    today = client.get(PAGE, {**query, "date": THE_DAY_OF_THE_REPORT}).content.decode()
    dated = client.get(PAGE, {**query, "date": A_FRIDAY}).content.decode()

    result = today[today.index('data-testid="conversion"') :]
    assert 'data-rate-age="stale"' in result
    result = dated[dated.index('data-testid="conversion"') :]
    assert 'data-rate-age="stale"' not in result


def render_reporting(user, amount: Money, on: datetime.date | None = None) -> str:
    request = RequestFactory().get("/")
    request.user = user
    source = "{% load orbis_money %}{% in_reporting_currency amount on %}"
    with translation.override("en"):
        return Template(source).render(Context({"amount": amount, "on": on, "request": request}))


def test_an_amount_in_the_reporting_currency_warns_when_its_rate_is_stale(us_rep, monkeypatch):
    load_fortnight()
    us_rep.reporting_currency = "EUR"
    amount = Money(Decimal("1000"), "USD")

    freeze_today(monkeypatch, THE_DAY_OF_THE_REPORT)
    stale = render_reporting(us_rep, amount)
    of_its_day = render_reporting(us_rep, amount, LAST_DAY)
    freeze_today(monkeypatch, THE_MONDAY_AFTER)
    fresh = render_reporting(us_rep, amount)

    assert "ECB rate of Oct 30, 2026" in stale and 'data-rate-age="stale"' in stale
    assert "5 weeks ago" in stale and "24 ECB publishing days old" in stale
    assert 'data-rate-age="stale"' not in fresh and "3 days ago" in fresh
    assert "rate-age" not in of_its_day  # the rate of the very day asked for has no age
