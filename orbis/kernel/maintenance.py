"""Database upkeep that the query planner depends on."""

from __future__ import annotations

from django.db import connections


def refresh_planner_statistics(using: str = "default") -> None:
    """ANALYZE: give the planner row counts and index selectivity.

    Without statistics SQLite guesses, and at a million contacts it guesses wrong: it walks the
    region index over half the table instead of looking up the handful of ids a search found.
    PostgreSQL's autovacuum analyzes eventually; after a bulk load it is worth doing at once.
    """
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
