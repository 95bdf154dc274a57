"""SQL for the hottest reads, written once from the models' metadata.

Building and compiling a queryset costs 0.1-0.3 ms per query in Python, more than SQLite or
PostgreSQL then take to answer it. The two reads every API call makes (its token, its user's
grants) therefore run as raw querysets over SQL built once per process: `Model.objects.raw()`
still converts every column the way the ORM does. Only table and column names from the model
metadata are interpolated; values are always parameters.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from django.db import connection
from django.db.models import Field, Model


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return qn(model._meta.db_table)


def column(model: type[Model], field: str, alias: str = "") -> str:
    name = qn(str(cast(Field, model._meta.get_field(field)).column))
    return f"{alias}.{name}" if alias else name


@cache
def select_all(model: type[Model], alias: str) -> str:
    """`SELECT alias.col, ... FROM table alias` for every concrete column of `model`."""
    columns = ", ".join(f"{alias}.{qn(str(f.column))}" for f in model._meta.concrete_fields)
    return f"SELECT {columns} FROM {table(model)} {alias}"  # noqa: S608 - identifiers only
