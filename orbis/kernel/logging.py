"""A logging filter that takes emails and phone numbers out of every log record.

Installed on every handler in settings.LOGGING, so a message, its arguments and a traceback
never carry a raw email or phone number into a log file or a log shipper, whoever logged it.
Access log lines keep the numbers the server wrote (status, size, times), which read like phone
numbers to a pattern that does not know the line's shape.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote_plus

import gunicorn.glogging

EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A leading + or a run of digits broken by spaces, dots, dashes or parentheses, 7+ digits long.
PHONE = re.compile(r"(?<![\w.:/-])\+?\(?\d(?:[\s().-]{0,2}\d){6,18}(?![\w:/-])")
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
# A word holding a URL's query string, where '%40' is an '@', '%2B' a '+' and '+' a space.
URL_WORD = re.compile(r"[^\s\"]*[%?][^\s\"]*")
# The request line of an access log line: gunicorn's and the Common Log Format's
# `... "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`, Django runserver's `"%s" %s %s`.
REQUEST_LINE = re.compile(r'"[A-Z]+ [^\s"]+ HTTP/\d(?:\.\d)?"')
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# What the server itself writes between the quoted fields after the request line: the status,
# the size, durations. A phone number typed by someone cannot get there.
SERVER_NUMBERS = re.compile(r"[\d\s.-]*")


def _not_a_phone(text: str) -> bool:
    """A date, a decimal number (a time in seconds), or more digits than any phone number."""
    digits = re.sub(r"\D", "", text)
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d+\.\d+", text.strip())) or len(digits) > 15


def _redact_text(text: str) -> str:
    text = URL_WORD.sub(lambda m: unquote_plus(m.group(0)), text)
    text = EMAIL.sub(EMAIL_MASK, text)
    return PHONE.sub(lambda m: m.group(0) if _not_a_phone(m.group(0)) else PHONE_MASK, text)


def redact(text: str) -> str:
    """`text` with every email and phone-like number replaced by a mask.

    In an access log line only the fields a client fills in are masked (the user, the request
    line, the referrer, the user agent): the status code, size and times after the request line
    would otherwise read as a phone number ("200 12345").
    """
    request_line = REQUEST_LINE.search(text)
    if request_line is None:
        return _redact_text(text)
    head, tail = text[: request_line.end()], text[request_line.end() :]
    parts, position = [_redact_text(head)], 0
    for quoted in QUOTED.finditer(tail):
        parts.append(_redact_server_numbers(tail[position : quoted.start()]))
        parts.append(_redact_text(quoted.group(0)))
        position = quoted.end()
    parts.append(_redact_server_numbers(tail[position:]))
    return "".join(parts)


def _redact_server_numbers(text: str) -> str:
    return text if SERVER_NUMBERS.fullmatch(text) else _redact_text(text)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


class RedactPersonalData(logging.Filter):
    """Replaces emails and phone numbers in the message, its arguments and its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: still redact what is there
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name in ("request_path", "sql", "params"):
            if hasattr(record, name):
                setattr(record, name, _redact_value(getattr(record, name)))
        return True


class RefusalsOnOneLine(logging.Filter):
    """Django's request logger writes every 403 at WARNING with the PermissionDenied traceback;
    a refusal is an expected event (and audited), so it becomes one INFO line naming the reason.

    A logger filter (on django.request), not a handler filter: it runs before the handlers, so
    the level it sets is the one every handler sees.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        reason = str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
        message = record.getMessage()
        record.msg = f"{message} ({reason})" if reason else message
        record.args = None
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True


def install(logger: logging.Logger) -> None:
    """Add the filter to each handler of `logger` (for loggers configured outside Django)."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
            handler.addFilter(RedactPersonalData())


class GunicornLogger(gunicorn.glogging.Logger):
    """Gunicorn's error and access logs with the same redaction (a URL's query string can hold
    a searched email); `orbis run` passes it as --logger-class."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        install(self.error_log)
        install(self.access_log)
