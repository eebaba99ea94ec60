"""Model instances from hand-written SQL, for the few queries every request makes.

Building a queryset and compiling it to SQL costs Django more than running it: on the
hottest reads (the caller's token, the posts of a feed page) compiling took several times
what SQLite took to answer. These queries are written once as SQL over ``columns()``
and their rows turned into instances with ``Shape.instance``, which applies the same
converters the ORM's compiler would (aware datetimes, booleans, JSON) and so gives the
same objects a queryset gives.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

type _Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True, slots=True)
class Shape[M: Model]:
    """How the columns of ``model`` read back as an instance, on one thread's connection."""

    model: type[M]
    width: int
    # (position, converters, the column expression they expect)
    converters: tuple[tuple[int, tuple[_Converter, ...], Any], ...]
    connection: BaseDatabaseWrapper
    # Where the primary key is among the columns (not always first: accounts begin with
    # the fields of Django's base user).
    pk_at: int

    def instance(self, row: Sequence[Any], start: int = 0) -> M:
        """The instance whose columns start at ``row[start]`` (as ``columns()`` lists them)."""
        values = list(row[start : start + self.width])
        on = self.connection
        for position, converters, expression in self.converters:
            value = values[position]
            for converter in converters:
                value = converter(value, expression, on)
            values[position] = value
        return self.model.from_db(on.alias, (), values)


def marks(values: Collection[Any]) -> str:
    """``%s, %s, ...``: one placeholder per value, for ``IN (...)``."""
    return ", ".join(["%s"] * len(values))


def columns(model: type[Model], alias: str) -> str:
    """Every concrete column of ``model`` under the table alias ``alias``, in field order."""
    return _columns(connection.vendor, model, alias)


@functools.cache
def _columns(vendor: str, model: type[Model], alias: str) -> str:
    quote = connection.ops.quote_name  # the same for every connection of ``vendor``
    return ", ".join(f"{alias}.{quote(str(field.column))}" for field in model._meta.concrete_fields)


def shape[M: Model](model: type[M]) -> Shape[M]:
    """The shape of ``model`` on this thread's connection (worked out once per thread)."""
    on = connections[DEFAULT_DB_ALIAS]
    known = _shapes.__dict__.setdefault("by_connection", {})
    # The shape holds its connection, so the id is never reused while the entry lives.
    key = (id(on), model)
    found: Shape[M] | None = known.get(key)
    if found is None:
        found = known[key] = _shape_of(model, on)
    return found


def value(field: Field[Any, Any], raw: Any) -> Any:
    """One column's ``raw`` value as the ORM would give it for ``field``."""
    expression = field.get_col(field.model._meta.db_table)
    for converter in _converters(expression):
        raw = converter(raw, expression, connection)
    return raw


_shapes = threading.local()


def _shape_of[M: Model](model: type[M], on: BaseDatabaseWrapper) -> Shape[M]:
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        if found := _converters(expression):
            converters.append((position, found, expression))
    return Shape(
        model=model,
        width=len(fields),
        converters=tuple(converters),
        connection=on,
        pk_at=fields.index(model._meta.pk),
    )


def _converters(expression: Any) -> tuple[_Converter, ...]:
    backend = connection.ops.get_db_converters(expression)
    return (*backend, *expression.get_db_converters(connection))
