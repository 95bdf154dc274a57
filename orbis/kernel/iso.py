"""ISO 8601 dates and times for API schemas, and nothing else.

pydantic also reads a number as a Unix timestamp ("0" is 1970-01-01); the OpenAPI document
promises ISO 8601, so a filter given "0" must be a 422 naming the field, not a silent epoch.
A moment with an offset is turned into UTC here: ISO 8601 allows offsets up to ±23:59, while
PostgreSQL refuses any beyond ±15:59 (a 500, found by the conformance fuzzing).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not (_ISO_START.match(value) and len(value) == 10):
        raise ValueError("Expected an ISO 8601 date, e.g. 2026-01-31.")
    return value


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_START.match(value):
        raise ValueError("Expected an ISO 8601 date and time, e.g. 2026-01-31T09:00:00Z.")
    return value


def _in_utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("Out of the range of dates and times.") from None


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime.datetime, BeforeValidator(_iso_datetime), AfterValidator(_in_utc)]
