"""Optimistic locking: a write names the version it was made against (an API client's
If-Match, a form's hidden version field); a stale one is refused instead of overwriting."""

from __future__ import annotations

from typing import Any

from .errors import PreconditionFailed


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def version_matches(expected: str, current: str) -> bool:
    """Weak comparison (RFC 9110 8.8.3.2) of an If-Match list or one tag with the current tag;
    our tags are weak, so a strong match could never hold."""
    wanted = _opaque(current)
    return any(tag.strip() == "*" or _opaque(tag) == wanted for tag in expected.split(","))


def check_version(record: Any, version: str | None, field: str = "version") -> None:
    """PreconditionFailed when `version` is given and `record` has changed since."""
    if version is None:
        return
    if not version_matches(version, record.etag):
        raise PreconditionFailed(
            "Someone else changed this record since you opened it; reload it and reapply "
            "your change.",
            errors=[{"field": field, "message": "Does not match the current version."}],
        )
