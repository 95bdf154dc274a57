"""One opaque cursor codec for keyset pages, shared by the web lists and the API.

A cursor is the sort value and primary key of the row a page ends on, as URL-safe base64 of
JSON: clients pass it back verbatim and never parse it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import uuid
from typing import Any


class BadCursor(ValueError):
    """Not a cursor Orbis handed out (edited, truncated, from another sort)."""


def encode_cursor(value: Any, pk: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    raw = json.dumps([value, str(pk)], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(
    cursor: str, *, moment: bool = False, integer_pk: bool = False
) -> tuple[Any, uuid.UUID | int]:
    """(sort value, pk); `moment` turns the value back into a datetime, `integer_pk` reads the
    pk as a number (log tables numbered in order) instead of a UUID."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if moment:
            value = datetime.datetime.fromisoformat(value)
        elif value is None or isinstance(value, list | dict):
            raise BadCursor(cursor)
        return value, int(pk) if integer_pk else uuid.UUID(pk)
    except (ValueError, TypeError, binascii.Error, AttributeError):
        raise BadCursor(cursor) from None
