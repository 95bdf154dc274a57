"""Evidence: what proves a consent decision (the wording shown, where it came from)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """What proves a decision: the wording shown and its version, and where it came from."""

    wording: str = ""
    wording_version: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: Any, wording: str = "", wording_version: str = "") -> Evidence:
        return cls(
            wording=wording,
            wording_version=wording_version,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.headers.get("User-Agent", "")[:500],
        )
