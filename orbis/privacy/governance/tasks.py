"""Governance tasks: the daily retention run, a thin wrapper around the service."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from orbis.kernel.actors import SystemActor

from .services import apply_retention


@task()
def apply_retention_policies() -> dict[str, Any]:
    """Apply every enabled retention policy; return how many records each took."""
    runs = apply_retention(actor=SystemActor("retention"))
    return {"runs": [{"policy": str(r.policy_id), "count": r.count} for r in runs]}
