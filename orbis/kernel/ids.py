"""Record ids arrive as text from URLs, forms, JSON and cursors; this is the one place that
reads them."""

from __future__ import annotations

import uuid
from typing import Any

from .errors import NotFound


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The UUID `value` spells, or None for anything else."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def record_id(value: Any) -> uuid.UUID:
    """The UUID in a URL or request; a malformed id is simply a record that is not there."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise NotFound()
    return parsed
