"""The rates list hides currencies no longer in use (CYP, EEK, LTL, SIT, TRL; the rouble the ECB
stopped quoting), and shows them again for a past day on which they were still in use."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from orbis.localisation.ecb import load_shipped_history
from orbis.localisation.models import ExchangeRate
from orbis.localisation.withdrawn_currencies import in_iso_4217, without_withdrawn

from .clock import freeze_today
from .ecb_data import LAST_DAY, load_fortnight

PAGE = reverse("localisation_rates:rates")
D = datetime.date
GONE_WITH_THE_EURO = {"CYP", "EEK", "LTL", "SIT"}
IN_EARLY_2005 = D(2005, 1, 14)  # TRL's last ECB rate is of 31 Dec 2004; the new lira is TRY
AFTER_THE_ROUBLE = D(2022, 3, 15)  # the ECB's last RUB rate is of 1 Mar 2022


def listed(page: str) -> set[str]:
    table = page[page.index('id="latest-rates"') :]
    return set(re.findall(r'data-currency="([A-Z]{3})"', table))


@pytest.fixture
def history():
    load_shipped_history(since=D(2004, 12, 20), until=IN_EARLY_2005)
    load_shipped_history(since=D(2022, 2, 15), until=AFTER_THE_ROUBLE)
    load_fortnight()


@pytest.mark.django_db
def test_todays_list_leaves_out_withdrawn_currencies(client, us_rep, history, monkeypatch):
    freeze_today(monkeypatch, LAST_DAY)
    client.force_login(us_rep)

    shown = listed(client.get(PAGE).content.decode())

    assert {"USD", "JPY", "TRY", "ISK"} <= shown
    assert not shown & (GONE_WITH_THE_EURO | {"TRL", "RUB", "HRK", "BGN"})
    assert ExchangeRate.objects.filter(currency="CYP").exists()  # kept, for past dates


@pytest.mark.django_db
def test_a_past_day_shows_the_currencies_in_use_then(client, us_rep, history, monkeypatch):
    freeze_today(monkeypatch, LAST_DAY)
    client.force_login(us_rep)

    in_2005 = client.get(PAGE, {"on": IN_EARLY_2005}).content.decode()
    in_2022 = listed(client.get(PAGE, {"on": AFTER_THE_ROUBLE}).content.decode())

    assert GONE_WITH_THE_EURO | {"TRL", "TRY"} <= listed(in_2005)
    assert "Jan 14, 2005" in in_2005 and 'value="2005-01-14"' in in_2005
    assert {"RUB", "HRK", "BGN"} <= in_2022  # RUB unquoted for two weeks only: still listed
    assert not in_2022 & (GONE_WITH_THE_EURO | {"TRL"})


@pytest.mark.django_db
def test_a_list_a_month_after_the_rouble_leaves_it_out(client, us_rep, history, monkeypatch):
    freeze_today(monkeypatch, LAST_DAY)
    load_shipped_history(since=D(2022, 4, 1), until=D(2022, 4, 8))
    client.force_login(us_rep)

    assert "RUB" not in listed(client.get(PAGE, {"on": D(2022, 4, 8)}).content.decode())


def test_iso_4217_knows_current_and_historic_currencies(monkeypatch):
    freeze_today(monkeypatch, LAST_DAY)

    assert in_iso_4217("USD") and in_iso_4217("AED")
    assert not any(in_iso_4217(code) for code in GONE_WITH_THE_EURO | {"TRL"})
    assert in_iso_4217("CYP", D(2005, 1, 14)) and not in_iso_4217("CYP", D(2009, 1, 2))
    assert in_iso_4217("TRL", D(2005, 6, 1)) and not in_iso_4217("TRL", D(2006, 6, 1))


def test_a_manual_rate_keeps_a_currency_the_ecb_no_longer_quotes(monkeypatch):
    freeze_today(monkeypatch, LAST_DAY)
    ecb = ExchangeRate.ECB
    rows = [
        ExchangeRate(currency="USD", date=LAST_DAY, rate=Decimal("1.1"), source=ecb),
        ExchangeRate(currency="RUB", date=LAST_DAY, rate=Decimal("95"), source="CBR"),
        ExchangeRate(currency="AED", date=D(2026, 6, 30), rate=Decimal("4.2"), source="CBUAE"),
        ExchangeRate(currency="HRK", date=D(2022, 12, 30), rate=Decimal("7.5"), source=ecb),
    ]

    assert [row.currency for row in without_withdrawn(rows)] == ["USD", "RUB", "AED"]
