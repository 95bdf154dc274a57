"""Access log lines keep what operators read (status, size, times, paths, ids, timestamps) while
the emails and phone numbers in what a client sent (query strings, referrers) are masked."""

import datetime
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from gunicorn.config import Config

from orbis.kernel.logging import GunicornLogger, redact

# Lines written by gunicorn (`orbis run`, its default access log format) and by Django's
# runserver (the django.server logger's message), copied from a real run.
WITHOUT_PERSONAL_DATA = [
    '127.0.0.1 - - [03/Dec/2026:12:55:01 +0000] "GET /login/ HTTP/1.1" 200 12345 "-" "curl/7.88.1"',
    '127.0.0.1 - - [03/Dec/2026:12:55:01 +0000] "POST /login/ HTTP/1.1" 302 0 '
    '"http://127.0.0.1:8000/login/?next=/contacts/" "Mozilla/5.0 (X11; Linux x86_64) '
    'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"',
    '10.0.0.7 - - [03/Dec/2026:12:55:02 +0000] "GET /contacts/550e8400-e29b-41d4-a716-446655440000/'
    ' HTTP/1.1" 200 1234567 "-" "python-requests/2.32.3"',
    '127.0.0.1 - - [03/Dec/2026:12:55:03 +0000] "GET /api/v1/contacts?country=DE&limit=5&'
    'cursor=eyJrIjpbIjIwMjYtMTItMDMiXX0 HTTP/1.1" 200 20480 "-" "curl/7.88.1"',
    '127.0.0.1 - - [03/Dec/2026:12:55:04 +0000] "GET /static/vendor/htmx.min.js HTTP/1.1" 304 -'
    ' "-" "curl/7.88.1"',
    '"GET /login/ HTTP/1.1" 200 12345',
    '"GET /contacts/?page=2 HTTP/1.1" 404 179',
    "[2026-12-03 12:54:59 +0000] [1637] [INFO] Booting worker with pid: 1637",
]


@pytest.mark.parametrize("line", WITHOUT_PERSONAL_DATA)
def test_access_lines_without_personal_data_are_left_as_they_are(line: str) -> None:
    assert redact(line) == line


def test_personal_data_in_the_request_and_referrer_is_masked_and_the_rest_kept() -> None:
    line = (
        '127.0.0.1 - - [03/Dec/2026:12:55:01 +0000] "GET /api/v1/contacts?q=anna%40example.de'
        '&limit=5 HTTP/1.1" 200 12345 "http://127.0.0.1:8000/contacts/?q=%2B49+30+1234567" '
        '"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36"'
    )

    assert redact(line) == (
        '127.0.0.1 - - [03/Dec/2026:12:55:01 +0000] "GET /api/v1/contacts?q=[email]&limit=5 '
        'HTTP/1.1" 200 12345 "http://127.0.0.1:8000/contacts/?q=[phone]" '
        '"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36"'
    )
    assert redact('"GET /contacts/?q=030%201234567&country=DE HTTP/1.1" 200 5120') == (
        '"GET /contacts/?q=[phone]&country=DE HTTP/1.1" 200 5120'
    )


def test_a_user_name_that_is_an_email_is_masked() -> None:
    line = (
        '127.0.0.1 - anna@example.de [03/Dec/2026:12:55:01 +0000] "GET / HTTP/1.1" 200 512 "-" "-"'
    )
    assert (
        redact(line)
        == '127.0.0.1 - [email] [03/Dec/2026:12:55:01 +0000] "GET / HTTP/1.1" 200 512 "-" "-"'
    )


def test_durations_in_seconds_are_not_taken_for_phone_numbers() -> None:
    assert redact("request took 0.1234567 s") == "request took 0.1234567 s"


@pytest.fixture
def gunicorn_access_log(tmp_path: Path) -> Iterator[tuple[GunicornLogger, Path]]:
    """Gunicorn's own logger, set up as `orbis run` sets it up, writing its access log to a file,
    with a format that adds the durations (microseconds, seconds) to the default one."""
    path = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(path))
    cfg.set("access_log_format", Config().access_log_format + " %(D)s %(L)s")
    logger = GunicornLogger(cfg)
    try:
        yield logger, path
    finally:
        for log in (logger.access_log, logger.error_log):
            for handler in list(log.handlers):
                handler.close()
                log.removeHandler(handler)


def _gunicorn_access(logger: GunicornLogger, uri: str, referrer: str, sent: int) -> None:
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": referrer,
        "HTTP_USER_AGENT": "curl/7.88.1",
    }
    response = SimpleNamespace(status="200 OK", sent=sent, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=1.5))


def test_gunicorn_writes_status_size_and_times_intact_and_masks_the_query(
    gunicorn_access_log: tuple[GunicornLogger, Path],
) -> None:
    logger, path = gunicorn_access_log

    _gunicorn_access(logger, "/login/", "-", 12345)
    _gunicorn_access(
        logger, "/contacts/?q=anna.schmidt%40example.de", "/contacts/?q=%2B1+415+555+2671", 2048
    )

    plain, personal = path.read_text().splitlines()
    assert plain.endswith(' "GET /login/ HTTP/1.1" 200 12345 "-" "curl/7.88.1" 1500000 1.500000')
    assert "[phone]" not in plain and "+0000]" in plain
    assert personal.endswith(
        ' "GET /contacts/?q=[email] HTTP/1.1" 200 2048 "/contacts/?q=[phone]" "curl/7.88.1"'
        " 1500000 1.500000"
    )
    assert "schmidt" not in personal and "555" not in personal


@pytest.fixture
def django_server_log() -> Iterator[io.StringIO]:
    """What the configured django.server handler (settings.LOGGING) writes."""
    (handler,) = [
        h
        for h in logging.getLogger("django.server").handlers
        if not type(h).__module__.startswith("_pytest")  # pytest's own capture
    ]
    assert isinstance(handler, logging.StreamHandler)
    # Not setStream(), which flushes the stream it replaces: another test's (closed) capture
    # when an earlier test configured logging again.
    stream, previous = io.StringIO(), handler.stream
    handler.stream = stream
    try:
        yield stream
    finally:
        handler.stream = previous


def _runserver_request(requestline: str, code: int, size: int) -> None:
    """Django's runserver logging one request, through its own handler code."""
    handler: Any = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.requestline, handler.request = requestline, None
    handler.log_request(code, size)


def test_django_runserver_lines_keep_status_and_size_and_mask_the_query(
    django_server_log: io.StringIO,
) -> None:
    _runserver_request("GET /login/ HTTP/1.1", 200, 12345)
    _runserver_request("GET /contacts/?q=%2B44+20+7946+0958 HTTP/1.1", 200, 3072)

    plain, personal = django_server_log.getvalue().splitlines()
    assert plain.endswith(' "GET /login/ HTTP/1.1" 200 12345')
    assert personal.endswith(' "GET /contacts/?q=[phone] HTTP/1.1" 200 3072')
