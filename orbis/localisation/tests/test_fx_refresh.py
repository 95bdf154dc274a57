"""The daily refresh reads an ECB-format feed over real HTTP, and offline keeps what it has."""

from __future__ import annotations

import datetime
import http.server
import socket
import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from orbis.audit.models import AuditEvent
from orbis.localisation.ecb import refresh_from_feed
from orbis.localisation.models import ExchangeRate
from orbis.localisation.tasks import refresh_exchange_rates

from .ecb_data import LAST_DAY, load_fortnight

pytestmark = pytest.mark.django_db

NEW_DAYS = {
    datetime.date(2026, 11, 20): {"USD": "1.1520", "JPY": "178.31", "GBP": "0.84215"},
    datetime.date(2026, 11, 19): {"USD": "1.1498", "JPY": "177.90", "GBP": "0.84100"},
}


def ecb_feed(days: dict[datetime.date, dict[str, str]]) -> bytes:
    """An XML document shaped like the ECB's eurofxref feeds."""
    cubes = "".join(
        f"<Cube time='{day.isoformat()}'>"
        + "".join(f"<Cube currency='{c}' rate='{r}'/>" for c, r in rates.items())
        + "</Cube>"
        for day, rates in days.items()
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01' "
        "xmlns='http://www.ecb.int/vocabulary/2002-08-01/eurofxref'>"
        "<gesmes:subject>Reference rates</gesmes:subject>"
        "<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>"
        f"<Cube>{cubes}</Cube></gesmes:Envelope>"
    ).encode()


@pytest.fixture
def feed_server() -> Iterator[dict[str, object]]:
    """A real HTTP server on loopback; tests set what it answers."""
    state: dict[str, object] = {"body": ecb_feed(NEW_DAYS), "status": 200, "hits": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["hits"] = int(state["hits"]) + 1  # type: ignore[call-overload]
            body = state["body"]
            self.send_response(int(state["status"]))  # type: ignore[call-overload]
            self.send_header("Content-Type", "text/xml")
            self.end_headers()
            self.wfile.write(body)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/eurofxref-hist-90d.xml"
    yield state
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/eurofxref-daily.xml"  # nothing listens there now


def test_refresh_stores_the_new_days(feed_server) -> None:
    load_fortnight()

    result = refresh_from_feed(str(feed_server["url"]), timeout=5)

    assert result.ok and result.days_added == 2 and result.rates_added == 6
    assert result.latest_date == datetime.date(2026, 11, 20)
    stored = ExchangeRate.objects.get(currency="GBP", date=datetime.date(2026, 11, 20))
    assert (stored.rate, stored.source) == (Decimal("0.84215"), "ECB")
    assert AuditEvent.objects.filter(action="localisation.ecb_rates_loaded").count() == 2


def test_refresh_twice_adds_nothing_the_second_time(feed_server) -> None:
    refresh_from_feed(str(feed_server["url"]), timeout=5)
    count = ExchangeRate.objects.count()

    again = refresh_from_feed(str(feed_server["url"]), timeout=5)

    assert again.ok and again.days_added == 0
    assert ExchangeRate.objects.count() == count and feed_server["hits"] == 2


def test_the_task_reads_the_feed_url_from_settings(feed_server, settings) -> None:
    settings.ECB_FEED_URL = feed_server["url"]

    outcome = refresh_exchange_rates.call()

    assert outcome["ok"] and outcome["days_added"] == 2 and outcome["latest_date"] == "2026-11-20"


def test_offline_the_refresh_fails_gracefully_and_keeps_the_rates(settings, caplog) -> None:
    load_fortnight()
    before = ExchangeRate.objects.count()
    settings.ECB_FEED_URL = closed_port_url()

    outcome = refresh_exchange_rates.call()

    assert outcome["ok"] is False and "could not be read" in outcome["error"]
    assert ExchangeRate.objects.count() == before
    assert ExchangeRate.objects.filter(date=LAST_DAY).exists()
    assert "ECB rates not refreshed" in caplog.text


@pytest.mark.parametrize(
    ("status", "body"), [(500, b"oops"), (200, b"<not-xml"), (200, b"<Envelope/>")]
)
def test_a_broken_feed_stores_nothing(feed_server, status, body) -> None:
    feed_server["status"], feed_server["body"] = status, body

    result = refresh_from_feed(str(feed_server["url"]), timeout=5)

    assert not result.ok and result.error
    assert not ExchangeRate.objects.exists()
