"""Stop the clock at a chosen day, so that "how old is the newest rate" has one answer.

The project has no time-travel library; Django's timezone.now() is what timezone.localdate()
and convert() read, so replacing it for one test moves "today" everywhere Orbis asks.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> None:
    """Make `day` today, at noon UTC (rates of that day not yet published in Frankfurt)."""
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
