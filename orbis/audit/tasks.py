"""Audit tasks: the chain check, run by a worker on a schedule or on demand."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from .checkpoints import write_checkpoint
from .reads import seal_reads
from .services import verify

logger = logging.getLogger(__name__)


@task()
def verify_audit_chain() -> dict[str, Any]:
    """Walk the whole audit chain in the background; return what `orbis audit verify` prints.

    Runs daily (audit/apps.py). A chain that fails the check is logged as an error, so the
    operators' log alerting hears of it without anyone opening the privacy dashboard.
    """
    result = verify()
    if not result.ok:
        logger.error(
            "Audit chain check failed: %d problem(s), the first: %s",
            len(result.problems),
            result.problems[0] if result.problems else "",
        )
    return {
        "ok": result.ok,
        "checked": result.checked,
        "problems": result.problems,
        "sealed_reads": result.sealed_reads,
        "unsealed_reads": result.unsealed_reads,
    }


@task()
def seal_read_events() -> dict[str, Any]:
    """Fold the read events appended since the last run into the hash chain (audit.reads)."""
    seals = seal_reads()
    return {"seals": [s.seq for s in seals], "reads": sum(s.changes["count"] for s in seals)}


@task()
def checkpoint_audit_chain() -> dict[str, Any]:
    """Write the chain head outside the database (audit.checkpoints), when it moved."""
    point = write_checkpoint()
    return {"seq": point.seq if point else 0, "at": point.at if point else ""}
