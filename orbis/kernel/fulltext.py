"""Full-text search over a model's `search_document` column, one API for both databases.

SQLite: an external-content FTS5 table with the trigram tokenizer (substring matches in any
script), kept in sync by triggers. PostgreSQL: a GIN pg_trgm index that serves LIKE '%term%'.
Both match every term of the query as a substring; terms shorter than three characters cannot
use a trigram index and are checked against the rows the longer terms selected.

The index objects are (re)created after every migrate, not in a migration, because SQLite
rebuilds a table on many schema changes and silently drops its triggers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

MIN_TRIGRAM = 3
MAX_TERMS = 8


def normalise_query(query: str) -> list[str]:
    """Split into case-folded terms; a phone-like query becomes one string of digits."""
    text = unicodedata.normalize("NFKC", query or "").casefold().strip()[:200]
    stripped = (
        text.replace(" ", "").replace("-", "").replace("(", "").replace(")", "").replace(".", "")
    )
    if stripped.lstrip("+").isdigit() and len(stripped.lstrip("+")) >= 4:
        return [stripped.lstrip("+")]
    terms = [t for t in text.split() if t]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def matching[M: Model](queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows of `queryset` whose search document contains every term of `query`."""
    terms = normalise_query(query)
    if not terms:
        return queryset.none()
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    table = queryset.model._meta.db_table
    if long_terms and connection.vendor == "sqlite":
        match = " AND ".join(_fts_phrase(t) for t in long_terms)
        queryset = cast(
            "QuerySet[M]",
            queryset.annotate(_fts_rowid=RawSQL(f'"{table}".rowid', ())).filter(
                _fts_rowid__in=RawSQL(
                    f'SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH %s', (match,)
                )
            ),
        )
    else:
        short_terms = terms
    for term in short_terms:
        queryset = queryset.filter(search_document__contains=term)
    return queryset


def install(table: str, using: str = "default") -> None:
    """Create the search index for `table` if missing; rebuild it if its triggers were lost."""
    from django.db import connections

    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            fts = f"{table}_fts"
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=%s", [table]
            )
            triggers = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(search_document, '
                f"content='{table}', content_rowid='rowid', tokenize='trigram')"
            )
            wanted = {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"}
            if wanted <= triggers:
                return
            cursor.execute(
                f'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
                f'INSERT INTO "{fts}"(rowid, search_document) '
                "VALUES (new.rowid, new.search_document); END"
            )
            cursor.execute(
                f'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
                f'INSERT INTO "{fts}"("{fts}", rowid, search_document) '
                f"VALUES ('delete', old.rowid, old.search_document); END"
            )
            cursor.execute(
                f'CREATE TRIGGER IF NOT EXISTS "{fts}_au" '
                f'AFTER UPDATE OF search_document ON "{table}" BEGIN '
                f'INSERT INTO "{fts}"("{fts}", rowid, search_document) '
                "VALUES ('delete', old.rowid, old.search_document); "
                f'INSERT INTO "{fts}"(rowid, search_document) '
                "VALUES (new.rowid, new.search_document); END"
            )
            cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
        elif conn.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" ON "{table}" '
                "USING gin (search_document gin_trgm_ops)"
            )


@contextmanager
def deferred(tables: list[str], using: str = "default") -> Iterator[None]:
    """Bulk loads: drop the search index's triggers (SQLite) or index (PostgreSQL), rebuild after.

    Maintaining a trigram index row by row costs more than building it once at the end. Only
    for loads that run alone (the demo): searches during the load miss the new rows.
    """
    from django.db import connections

    conn = connections[using]
    with conn.cursor() as cursor:
        for table in tables:
            if conn.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_fts_{suffix}"')
            elif conn.vendor == "postgresql":
                cursor.execute(f'DROP INDEX IF EXISTS "{table}_search_trgm"')
    try:
        yield
    finally:
        if conn.vendor == "postgresql" and conn.in_atomic_block:
            # Inside a transaction, pending deferred foreign-key checks forbid CREATE INDEX.
            with conn.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            install(table, using=using)
        if conn.vendor == "postgresql" and conn.in_atomic_block:
            with conn.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
