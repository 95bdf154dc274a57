"""A logging filter that takes emails and phone numbers out of every log record.

Installed on every handler in settings.LOGGING, so a message, its arguments and a traceback
never carry a raw email or phone number into a log file or a log shipper, whoever logged it.
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


def _looks_like_a_date_or_time(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip())) or len(digits) > 15


def redact(text: str) -> str:
    """`text` with every email and phone-like number replaced by a mask."""
    if "%" in text:  # a URL's query string: '%40' is an '@', '%2B' a '+'
        text = unquote_plus(text)
    text = EMAIL.sub(EMAIL_MASK, text)
    return PHONE.sub(
        lambda m: m.group(0) if _looks_like_a_date_or_time(m.group(0)) else PHONE_MASK, text
    )


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
