"""Logs never hold a raw email or phone number: the filter on every handler of settings.LOGGING."""

import io
import logging
from typing import Any

from django.conf import settings

from orbis.kernel.logging import RedactPersonalData, redact


def test_emails_and_phone_numbers_are_masked_and_other_numbers_kept() -> None:
    line = redact(
        "mail to Anna.Muller+crm@example.co.uk failed; call +49 30 1234567 or (030) 123-4567; "
        "contact 550e8400-e29b-41d4-a716-446655440000 at 2026-11-23 17:04:05 took 12345 ms"
    )

    assert "example.co.uk" not in line and "Muller" not in line
    assert "1234567" not in line and "123-4567" not in line
    assert line.count("[email]") == 1 and line.count("[phone]") == 2
    assert "550e8400-e29b-41d4-a716-446655440000" in line
    assert "2026-11-23 17:04:05" in line and "12345 ms" in line


def test_query_strings_are_decoded_before_masking() -> None:
    assert redact("GET /api/v1/contacts?q=anna%40example.de HTTP/1.1") == (
        "GET /api/v1/contacts?q=[email] HTTP/1.1"
    )
    assert "1234567" not in redact("GET /contacts/?q=%2B49+30+1234567")


def test_every_configured_handler_redacts_messages_arguments_and_tracebacks() -> None:
    handlers: dict[str, Any] = settings.LOGGING["handlers"]  # type: ignore[assignment]
    assert handlers
    for handler in handlers.values():
        assert "redact_personal_data" in handler["filters"]

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPersonalData())
    logger = logging.getLogger("orbis.test.redaction")
    logger.addHandler(handler)
    try:
        logger.warning("could not reach %s at %s", "jane.doe@example.com", "+1 415 555 2671")
        try:
            raise ValueError("bad address bob@example.org")
        except ValueError:
            logger.exception("failed for %s", "+44 20 7946 0958")
    finally:
        logger.removeHandler(handler)

    output = stream.getvalue()
    for secret in ("jane.doe", "example.com", "555 2671", "bob@example.org", "7946 0958"):
        assert secret not in output
    assert "could not reach [email] at [phone]" in output
    assert "ValueError: bad address [email]" in output


def test_the_running_root_and_django_loggers_have_the_filter_on_every_handler() -> None:
    for name in ("", "django", "django.server", "django.request"):
        logger = logging.getLogger(name)
        while logger is not None:  # the handlers a record meets on its way up
            for handler in logger.handlers:
                if type(handler).__module__.startswith("_pytest"):
                    continue  # pytest's own capture, not part of the configuration
                assert any(isinstance(f, RedactPersonalData) for f in handler.filters), (
                    name,
                    handler,
                )
            logger = logger.parent if logger.propagate else None  # type: ignore[assignment]
