"""SQL for the hottest reads, written once from the models' metadata.

Building and compiling a queryset costs 0.1-0.3 ms per query in Python, more than SQLite or
PostgreSQL then take to answer it. The two reads every API call makes (its token, its user's
grants) therefore run as raw querysets over SQL built once per process: `Model.objects.raw()`
still converts every column the way the ORM does. Only table and column names from the model
metadata are interpolated; values are always parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

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
