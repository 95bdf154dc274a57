"""SQL for the hottest statements, written once from the models' metadata, and prepared.

Building and compiling a queryset costs 0.1-0.3 ms per query in Python, more than SQLite or
PostgreSQL then take to answer it. The statements every API call makes (its token with the
user's grants, the contact read, the read-audit row) therefore run as SQL built once per
process; RowReader converts their columns the way the ORM does. On PostgreSQL each is also a
prepared Statement, planned once per connection. Only table and column names from the model
metadata are interpolated; values are always parameters.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.conf import settings
from django.db import connection, connections
from django.db.models import Field, Model


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return qn(model._meta.db_table)


def column(model: type[Model], field: str, alias: str = "") -> str:
    name = qn(str(cast(Field, model._meta.get_field(field)).column))
    return f"{alias}.{name}" if alias else name


class RowReader[M: Model]:
    """Builds instances of `model` from its columns inside a wider raw row.

    Used where one statement reads several models (a join a raw queryset cannot split); each
    column is converted by the same converters the ORM's compiler applies.
    """

    def __init__(self, model: type[M], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.expressions = [f.get_col(model._meta.db_table) for f in self.fields]
        self._converters: dict[str, list[list[Any]]] = {}

    @property
    def columns(self) -> str:
        return ", ".join(f"{self.alias}.{qn(str(f.column))}" for f in self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def build(self, values: Sequence[Any], using: str = "default") -> M:
        conn = connections[using]
        converters = self._converters.get(conn.vendor)
        if converters is None:
            converters = [
                [*conn.ops.get_db_converters(expression), *field.get_db_converters(conn)]
                for field, expression in zip(self.fields, self.expressions, strict=True)
            ]
            self._converters[conn.vendor] = converters
        converted = []
        for expression, value, column_converters in zip(
            self.expressions, values, converters, strict=True
        ):
            for converter in column_converters:
                value = converter(value, expression, conn)
            converted.append(value)
        return self.model.from_db(using, self.attnames, converted)


class Statement:
    """One hot statement that PostgreSQL plans once per connection instead of on every call.

    Planning costs PostgreSQL more than running these reads: the token read 0.30 ms against
    0.08 ms prepared, the contact read with its UNION ALL 0.48 ms against 0.14 ms
    (docs/performance.md). Django turns psycopg's automatic preparation off (for poolers), so
    the few statements every API call makes are prepared in SQL: PREPARE once on each new
    connection, then EXECUTE through Django's ordinary cursor, so the queries are still logged,
    counted and wrapped. SQLite, and PostgreSQL behind a transaction-mode pooler
    (settings.DB_PREPARED_STATEMENTS off), run the SQL as it is.

    `build(vendor)` returns the SQL with `%s` placeholders; it is called once per vendor.
    """

    _names: set[str] = set()  # a prepared statement's name is unique within its session

    def __init__(self, name: str, build: Callable[[str], str]) -> None:
        if name in Statement._names:
            raise ValueError(f"A prepared statement is already named {name!r}.")
        Statement._names.add(name)
        self.name = f"orbis_{name}"
        self._build = build
        self._sql: dict[str, str] = {}

    def sql(self, vendor: str) -> str:
        text = self._sql.get(vendor)
        if text is None:
            text = self._sql[vendor] = self._build(vendor)
        return text

    def execute(self, cursor: Any, params: Sequence[Any]) -> None:
        """Run on `cursor` (a Django cursor of the default connection) with `params`."""
        vendor = connection.vendor
        if vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
            cursor.execute(self.sql(vendor), params)
            return
        done = _prepared.setdefault(connection.connection, set())
        if self.name not in done:
            # Values are never part of the SQL; each %s becomes a numbered parameter whose type
            # PostgreSQL infers from where it stands.
            text = self.sql(vendor)
            if text.count("%s") != len(params):
                raise ValueError(
                    f"{self.name}: {text.count('%s')} placeholders, {len(params)} values"
                )
            numbered = iter(range(1, len(params) + 1))
            text = _PLACEHOLDER.sub(lambda _: f"${next(numbered)}", text)
            # Set up on the connection itself, as Django sets a connection's time zone: the
            # PREPARE is not a query of the request (nor counted as one in query-count tests).
            with connection.wrap_database_errors:
                connection.connection.execute(f"PREPARE {self.name} AS {text}")
            done.add(self.name)
        placeholders = ", ".join(["%s"] * len(params))
        cursor.execute(f"EXECUTE {self.name}({placeholders})", params)


_PLACEHOLDER = re.compile(r"%s")
# Which statements each live PostgreSQL connection (psycopg's, so a reconnect starts afresh)
# holds; prepared statements belong to the server session and outlive rolled-back transactions.
_prepared: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
