"""A refused request (403) is an expected event, already audited: one log line, no traceback."""

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.fixture
def django_log(caplog: Any) -> Iterator[Any]:
    """caplog also sees the "django" loggers, which do not propagate to the root logger."""
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="django.request")
    try:
        yield caplog
    finally:
        django_logger.removeHandler(caplog.handler)


def _request_records(caplog: Any) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_page_refused_for_a_missing_permission_logs_one_line_without_traceback(
    client: Any, apac_agent: Any, django_log: Any
) -> None:
    client.force_login(apac_agent)  # may view contacts, may not add them

    response = client.get(reverse("customers:contact_create"))

    assert response.status_code == 403
    (record,) = _request_records(django_log)
    assert record.exc_info is None and not record.exc_text
    assert record.levelno == logging.INFO
    formatters: dict[str, Any] = settings.LOGGING["formatters"]  # type: ignore[assignment]
    line = logging.Formatter(formatters["plain"]["format"]).format(record)
    assert "\n" not in line
    assert "Forbidden" in line and "/contacts/new/" in line
    assert "customers.add" in line  # which permission was missing, from the refusal itself


def test_a_refused_api_call_logs_one_info_line(
    client: Any, eu_rep: Any, token_for: Any, django_log: Any
) -> None:
    token = token_for(eu_rep, ["read"])  # may read, may not write

    response = client.post(
        "/api/v1/contacts",
        data={"family_name": "X", "country": "DE"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 403
    (record,) = _request_records(django_log)
    assert record.exc_info is None and record.levelno == logging.INFO
    assert record.getMessage() == "Forbidden: /api/v1/contacts"


def test_an_unexpected_error_still_logs_its_traceback(django_log: Any) -> None:
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        logger.error("Internal Server Error: /x/", exc_info=exc, extra={"status_code": 500})

    (record,) = _request_records(django_log)
    assert record.exc_info is not None and record.levelno == logging.ERROR
