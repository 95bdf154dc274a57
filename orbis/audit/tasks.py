"""Audit tasks: the chain check, run by a worker on a schedule or on demand."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from .services import verify


@task()
def verify_audit_chain() -> dict[str, Any]:
    """Walk the whole audit chain in the background; return what `orbis audit verify` prints."""
    result = verify()
    return {"ok": result.ok, "checked": result.checked, "problems": result.problems}
