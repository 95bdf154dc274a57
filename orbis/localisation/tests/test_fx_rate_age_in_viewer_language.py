"""A rate's age is written in the viewer's language, as Babel (CLDR) words it."""

from __future__ import annotations

import datetime

import pytest
from babel.dates import format_timedelta
from django.urls import reverse

from .clock import freeze_today
from .ecb_data import LAST_DAY, load_fortnight

pytestmark = pytest.mark.django_db

PAGE = reverse("localisation_rates:rates")
TODAY = datetime.date(2026, 12, 3)  # 34 days after the newest stored rate


@pytest.mark.parametrize(
    ("language", "locale"), [("de", "de"), ("ja", "ja"), ("ar", "ar"), ("pt-br", "pt_BR")]
)
def test_the_age_of_the_newest_rate_is_in_the_viewers_language(
    client, us_rep, monkeypatch, language, locale
):
    load_fortnight()
    freeze_today(monkeypatch, TODAY)
    client.force_login(us_rep)

    page = client.get(PAGE, headers={"Accept-Language": language}).content.decode()

    expected = format_timedelta(
        LAST_DAY - TODAY, granularity="day", threshold=1.5, add_direction=True, locale=locale
    )
    header = page[page.index('data-testid="ecb-newest"') :]
    assert expected in header[: header.index("</span></span>")]
    assert expected != format_timedelta(
        LAST_DAY - TODAY, granularity="day", threshold=1.5, add_direction=True, locale="en"
    )


def test_a_rate_of_today_reads_today(client, us_rep, monkeypatch):
    load_fortnight()
    freeze_today(monkeypatch, LAST_DAY)
    client.force_login(us_rep)

    page = client.get(PAGE, headers={"Accept-Language": "en"}).content.decode()

    header = page[page.index('data-testid="ecb-newest"') :]
    assert 'data-rate-age="fresh">today<' in header[:400]
