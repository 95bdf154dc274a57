"""Sales tasks: the weekly forecast snapshot, a thin wrapper around the service."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from orbis.kernel.actors import SystemActor

from .services.forecasting import take_snapshot


@task()
def take_forecast_snapshot() -> dict[str, Any]:
    """Write this week's forecast snapshot in every region (sales.services.forecasting)."""
    result = take_snapshot(actor=SystemActor("forecast"))
    return {
        "taken_on": result.taken_on.isoformat(),
        "deals": result.deals,
        "rows": result.rows,
        "missing_rates": result.missing_rates,
    }
