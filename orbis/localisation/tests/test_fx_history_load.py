"""The shipped ECB history loads once, completely and idempotently, on first start."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from orbis.localisation.ecb import ensure_history_loaded, load_shipped_history
from orbis.localisation.models import ExchangeRate

from .ecb_data import FIRST_DAY, LAST_DAY, ecb_table

pytestmark = pytest.mark.django_db


def test_the_whole_history_loads_once_and_matches_the_ecb_file():
    table = ecb_table()

    result = ensure_history_loaded()

    assert result is not None and result.days_added == len(table)
    assert ExchangeRate.objects.count() == sum(len(rates) for rates in table.values())
    first = min(table)
    for currency, rate in table[first].items():
        assert ExchangeRate.objects.get(currency=currency, date=first).rate == rate
    assert ensure_history_loaded() is None  # loaded already: nothing to do
    assert load_shipped_history().days_added == 0


def test_the_command_loads_a_date_range_and_if_empty_skips():
    out = StringIO()
    call_command("fx_load", "--since", str(FIRST_DAY), "--until", str(LAST_DAY), stdout=out)
    days = {d for d in ecb_table() if FIRST_DAY <= d <= LAST_DAY}

    assert "10 new days" in out.getvalue() and len(days) == 10
    assert set(ExchangeRate.objects.values_list("date", flat=True)) == days

    call_command("fx_load", "--if-empty", stdout=StringIO())
    assert set(ExchangeRate.objects.values_list("date", flat=True)) == days
