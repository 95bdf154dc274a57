"""Localisation tasks: the daily refresh of the ECB reference rates."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from .ecb import refresh_from_feed


@task()
def refresh_exchange_rates() -> dict[str, Any]:
    """Read the ECB feed (settings.ECB_FEED_URL) and store the new days; offline, say so."""
    return refresh_from_feed().as_dict()
