"""Insert plain tuples into a model's table: executemany on SQLite, COPY on PostgreSQL.

bulk_create builds a model instance and prepares every value field by field, which at a million
contacts (five million rows with their points, jobs and tags) costs more than the database's own
work. Here each column's conversion is chosen once per load, not once per value. Used by the demo
loader and the ECB rate history (orbis.localisation.ecb).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _converter(field: Any) -> Convert:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, models.UUIDField) and not connection.features.has_native_uuid_field:
        return lambda v: None if v is None else v.hex
    if isinstance(field, models.JSONField):
        return json.dumps
    return _identity


class Table:
    """The columns of `model` named by `names`; timestamps are filled in with one `now`."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        meta = model._meta
        self.model = model
        self.fields: list[Any] = [meta.get_field(n) for n in names]
        now = timezone.now()
        self.constants: list[tuple[str, Any]] = []
        for name in ("created_at", "updated_at"):
            if any(f.name == name for f in meta.concrete_fields) and name not in names:
                field: Any = meta.get_field(name)
                self.constants.append((field.column, field.get_db_prep_save(now, connection)))
        self.columns = [f.column for f in self.fields] + [c for c, _ in self.constants]
        self.converters = [_converter(f) for f in self.fields]
        self.tail = tuple(v for _, v in self.constants)

    def prepare(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """`rows` (values in the order of `names`) as the database driver takes them."""
        converters, tail = self.converters, self.tail
        return [
            tuple(convert(value) for convert, value in zip(converters, row, strict=True)) + tail
            for row in rows
        ]

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        return self.insert_prepared(self.prepare(rows))

    def insert_prepared(self, prepared: list[tuple[Any, ...]]) -> int:
        """Insert rows made by prepare(); returns how many."""
        if not prepared:
            return 0
        table = connection.ops.quote_name(str(self.model._meta.db_table))
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                # Table and column names come from the model's _meta, never from input.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)
        return len(prepared)
