"""Insert plain tuples into a model's table: executemany on SQLite, COPY on PostgreSQL.

bulk_create builds a model instance and prepares every value field by field, which at a million
contacts (five million rows with their points, jobs and tags) costs more than the database's own
work. Here each column's conversion is chosen once per load, not once per value. Used by the demo
loader and the ECB rate history (orbis.localisation.ecb).

Encrypted columns (kernel.fields) are sealed here, before anything is written: the table is given
the data region of each row (`domain`, a region code or a function of the row).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from .fields import EncryptedMixin

Convert = Callable[[Any], Any]
Domain = str | Callable[[Sequence[Any]], str] | None


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

    def __init__(
        self, model: type[models.Model], names: Sequence[str], domain: Domain = None
    ) -> None:
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
        self.sealed = [i for i, f in enumerate(self.fields) if isinstance(f, EncryptedMixin)]
        self.domain = domain

    def prepare(
        self, rows: Iterable[Sequence[Any]], domains: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        """`rows` (values in the order of `names`) as the database driver takes them.

        `domains`, one per row, overrides the table's `domain` for encrypted columns.
        """
        converters, tail = self.converters, self.tail
        if self.sealed:
            if domains is not None:
                return [
                    self._sealed_row(row, domain) + tail
                    for row, domain in zip(rows, domains, strict=True)
                ]
            return [self._sealed_row(row) + tail for row in rows]
        return [
            tuple(convert(value) for convert, value in zip(converters, row, strict=True)) + tail
            for row in rows
        ]

    def _sealed_row(self, row: Sequence[Any], domain: str | None = None) -> tuple[Any, ...]:
        if domain is None:
            if self.domain is None:
                raise ValueError(f"{self.model.__name__} rows need their domain.")
            domain = self.domain if isinstance(self.domain, str) else self.domain(row)
        values = [convert(value) for convert, value in zip(self.converters, row, strict=True)]
        for index in self.sealed:
            field: Any = self.fields[index]
            values[index] = field.seal(row[index], domain)
        return tuple(values)

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
