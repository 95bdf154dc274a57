"""A rate's age counts the days the ECB publishes on (TARGET business days), not calendar days."""

from __future__ import annotations

import datetime

from orbis.localisation.rate_age import STALE_AFTER_BUSINESS_DAYS, rate_age, target_business_days

from .clock import freeze_today

D = datetime.date


def test_weekends_are_not_publishing_days():
    friday, monday = D(2026, 10, 30), D(2026, 11, 2)

    assert target_business_days(friday, monday) == 1
    assert rate_age(friday, monday).days == 3
    assert not rate_age(friday, monday).stale


def test_target_holidays_are_not_publishing_days():
    # Maundy Thursday's rate on the Tuesday after Easter: Good Friday and Easter Monday closed.
    assert target_business_days(D(2026, 4, 2), D(2026, 4, 7)) == 1
    # Christmas Eve's rate on the Monday after: 25 and 26 December closed, then a weekend.
    assert target_business_days(D(2026, 12, 24), D(2026, 12, 28)) == 1
    # New Year's Eve's rate on the Monday after: New Year's Day (a Friday) closed.
    assert target_business_days(D(2026, 12, 31), D(2027, 1, 4)) == 1


def test_a_rate_turns_stale_after_a_few_publishing_days():
    friday = D(2026, 10, 30)
    threshold = D(2026, 11, 4)  # Mon, Tue, Wed: three publishing days
    assert target_business_days(friday, threshold) == STALE_AFTER_BUSINESS_DAYS

    assert not rate_age(friday, threshold).stale
    assert rate_age(friday, threshold + datetime.timedelta(days=1)).stale
    assert rate_age(friday, D(2026, 12, 3)).business_days == 24


def test_a_rate_of_the_day_asked_for_has_no_age():
    age = rate_age(D(2005, 1, 14), D(2005, 1, 14))

    assert (age.days, age.business_days, age.stale) == (0, 0, False)


def test_a_day_after_today_counts_as_today(monkeypatch):
    freeze_today(monkeypatch, D(2026, 11, 2))

    age = rate_age(D(2026, 10, 30), D(2027, 6, 1))

    assert age.as_of == D(2026, 11, 2) and not age.stale
