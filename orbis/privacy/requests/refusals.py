"""Refused attempts on data-subject requests, audited in their own transaction, then raised."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import transaction

from orbis.audit.context import Actor
from orbis.audit.services import record


def audit_step(user: Any, action: str, target: Any, region: str = "", **changes: Any) -> None:
    """Record one step of a request in the audit chain, under `user`."""
    record(
        f"privacy_requests.{action}", target, actor=Actor.of(user), region=region, changes=changes
    )


def refuse(
    user: Any, error: Exception, action: str, target: Any = None, **changes: Any
) -> NoReturn:
    """Audit a refused attempt (nothing else changes), then raise `error`."""
    with transaction.atomic():
        audit_step(user, f"{action}_refused", target, reason=str(error), **changes)
    raise error
