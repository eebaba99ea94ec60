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
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import Field, JSONField, Model, signals
from django.db.models.base import ModelState

from townsquare.core.memo import Memo

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
    attnames: tuple[str, ...]
    # The model builds its instances as ``Model`` does (no ``__init__`` or ``from_db`` of
    # its own), so one can be made by filling in its attributes.
    plain: bool
    # Converters whose values may be changed in place (JSON), applied per instance.
    late_converters: tuple[tuple[int, tuple[_Converter, ...], Any], ...]
    # Where the revision is (``core.revisions``), or None for a model without one.
    revision_at: int | None

    def instance(self, row: Sequence[Any], start: int = 0) -> M:
        """The instance whose columns start at ``row[start]`` (as ``columns()`` lists them)."""
        return self.build(self.values(row, start))

    def values(self, row: Sequence[Any], start: int = 0) -> list[Any]:
        """The columns starting at ``row[start]`` as the instance holds them, except those
        whose values may be changed in place (JSON), which ``build`` converts."""
        values = list(row[start : start + self.width])
        on = self.connection
        for position, converters, expression in self.converters:
            value = values[position]
            for converter in converters:
                value = converter(value, expression, on)
            values[position] = value
        return values

    def build(self, values: Sequence[Any]) -> M:
        """A new instance of the columns ``values`` gives."""
        on = self.connection
        if self.late_converters:
            values = list(values)
            for position, converters, expression in self.late_converters:
                value = values[position]
                for converter in converters:
                    value = converter(value, expression, on)
                values[position] = value
        if not self.plain or _init_is_watched(self.model):
            return self.model.from_db(on.alias, (), values)
        # What ``from_db`` ends with, without ``Model.__init__``'s setattr per field (a
        # third of a feed page's time in building its posts and authors). Every concrete
        # field is present, and a fresh instance's field descriptors only store the value.
        made: M = object.__new__(self.model)
        made.__dict__.update(zip(self.attnames, values, strict=True))
        state = made._state = ModelState()
        state.adding = False
        state.db = on.alias
        return made


class Revised[M: Model]:
    """Instances of a model with a revision (``core.revisions``), each version read once.

    The caller reads the ids and revisions it needs (a narrow query, cheap to answer);
    ``instances`` builds what was read before from memory and reads only the rest. A
    version is kept only when read outside a transaction: one read inside could still be
    rolled back, and its revision number then go to another change.
    """

    def __init__(self, model: type[M], size: int) -> None:
        if "revision" not in {field.name for field in model._meta.concrete_fields}:
            raise TypeError(f"{model.__name__} has no revision column")
        self.model = model
        self._versions: Memo[tuple[Any, ...]] = Memo(size)

    def instances(self, revisions: Mapping[int, int]) -> dict[int, M]:
        """A new instance for each id of ``revisions`` (id: revision) whose row exists;
        a row changed since its revision was read comes as it is now."""
        on_shape = shape(self.model)
        found: dict[int, M] = {}
        missing = []
        for pk, revision in revisions.items():
            kept = self._versions.find((pk, revision))
            if kept is None:
                missing.append(pk)
            else:
                found[pk] = on_shape.build(kept)
        if not missing:
            return found
        meta = self.model._meta
        sql = (
            f"SELECT {columns(self.model, 't')} FROM {meta.db_table} t"  # noqa: S608
            f" WHERE {is_in(f't.{meta.pk.column}', missing)}"
        )
        keep = not connections[DEFAULT_DB_ALIAS].in_atomic_block
        for row in fetch(sql, listed(missing)):
            values = on_shape.values(row)
            pk = values[on_shape.pk_at]
            found[pk] = on_shape.build(values)
            if keep:
                revision = values[on_shape.revision_at]  # type: ignore[index]
                self._versions.keep((pk, revision), tuple(values))
        return found

    def forget(self) -> None:
        """Let every kept version go."""
        self._versions = Memo(self._versions.size)


def revised[M: Model](model: type[M]) -> Revised[M]:
    """The process's ``Revised`` for ``model`` (which has a revision column)."""
    found = _revised.get(model)
    if found is None:
        found = _revised.setdefault(model, Revised(model, size=REVISED_VERSIONS))
    return found


def forget_revisions() -> None:
    """Let every process-wide ``Revised`` forget what it kept (for tests)."""
    for kept in _revised.values():
        kept.forget()


# Versions kept per model: with the status renderings (``api.serializers``), about as
# many posts as a busy server's homes show in a few minutes. The first pages of all
# 2,000 homes of the M dataset hold about a thousand posts; 2,048 served them as fast as
# 3,072 did (A/B, 8 connections) and keeps a web process 3-4 MB smaller.
REVISED_VERSIONS = 2048
_revised: dict[type[Model], Revised[Any]] = {}


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows that ``sql``, written with ``%s`` placeholders, returns for ``params`` on
    this thread's connection.

    Straight through the database driver: Django's cursor wrapper cost a few times what
    SQLite took to answer these statements. On PostgreSQL each statement is prepared once
    per connection (server-side binding, every ``int`` sent as ``bigint`` so one plan
    serves any id): planning had cost the server two to three times running them.
    Where something watches queries (a test counting them, ``DEBUG``, an execute wrapper)
    they go through Django's cursor instead, so they are seen; either way errors arrive as
    Django's database errors.
    """
    on = connections[DEFAULT_DB_ALIAS]
    if on.queries_logged or on.execute_wrappers:
        with on.cursor() as cursor:
            cursor.execute(sql, params)
            logged: list[tuple[Any, ...]] = cursor.fetchall()
            return logged
    if on.connection is None:
        on.ensure_connection()
    on.validate_no_broken_transaction()
    with on.wrap_database_errors:
        if on.vendor == "sqlite":
            found: list[tuple[Any, ...]] = on.connection.execute(_qmark(sql), params).fetchall()
            return found
        with _prepared_cursor(on.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            prepared: list[tuple[Any, ...]] = cursor.fetchall()
            return prepared


def fetch_one(sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row ``sql`` answers (see ``fetch``), or None."""
    found = fetch(sql, params)
    return found[0] if found else None


@functools.lru_cache(maxsize=512)
def _qmark(sql: str) -> str:
    """``sql`` with ``?`` placeholders, rewritten once per statement by the rule Django's
    SQLite cursor applies to every execute (its own pattern, imported)."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def marks(values: Collection[Any]) -> str:
    """``%s, %s, ...``: one placeholder per value, for ``IN (...)``."""
    return ", ".join(["%s"] * len(values))


def is_in(column: str, ids: Collection[int]) -> str:
    """``column IN (...)`` over integer ``ids``, whose params ``listed`` gives.

    On PostgreSQL ``column = ANY(%s::bigint[])`` with one array, so a statement reads the
    same whatever the number of ids, and its prepared plan (``fetch``) serves them all.
    """
    if _is_postgresql():
        return f"{column} = ANY(%s::bigint[])"
    return f"{column} IN ({marks(ids)})"


def not_in(column: str, ids: Collection[int]) -> str:
    """``column NOT IN (...)`` over integer ``ids`` (``is_in``'s negation)."""
    if _is_postgresql():
        return f"{column} <> ALL(%s::bigint[])"
    return f"{column} NOT IN ({marks(ids)})"


def listed(ids: Collection[int]) -> list[Any]:
    """The params of one ``is_in`` or ``not_in``: the ids, or on PostgreSQL one array of
    them as text (psycopg dumps a list of ints in Python, one element at a time: a tenth
    of a home page's time)."""
    if _is_postgresql():
        return ["{" + ",".join(map(str, ids)) + "}"]
    return list(ids)


def _is_postgresql() -> bool:
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


# psycopg connections whose ints are sent as bigint (``_prepared_cursor``).
_bigint_connections: weakref.WeakSet[Any] = weakref.WeakSet()


@contextmanager
def _prepared_cursor(driver: Any) -> Iterator[Any]:
    """A psycopg cursor on ``driver`` that binds params on the server, ints as bigint.

    psycopg types an int by its size (smallint, integer, bigint), which would prepare a
    statement again for each; Django's cursors bind on the client, where the type of an
    int changes nothing, so the connection's own adapters take the bigint dumpers.
    psycopg is imported here, not with the module: it costs a process 20 MB of memory,
    which the embedded mode (SQLite) would carry for nothing.
    """
    from psycopg import Cursor
    from psycopg.types.numeric import Int8BinaryDumper, Int8Dumper

    if driver not in _bigint_connections:
        driver.adapters.register_dumper(int, Int8Dumper)
        driver.adapters.register_dumper(int, Int8BinaryDumper)
        _bigint_connections.add(driver)
    cursor = Cursor(driver)
    try:
        yield cursor
    finally:
        cursor.close()


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
    converters: list[tuple[int, tuple[_Converter, ...], Any]] = []
    late_converters: list[tuple[int, tuple[_Converter, ...], Any]] = []
    for position, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        if found := _converters(expression):
            into = late_converters if isinstance(field, JSONField) else converters
            into.append((position, found, expression))
    names = [field.name for field in fields]
    return Shape(
        model=model,
        width=len(fields),
        converters=tuple(converters),
        late_converters=tuple(late_converters),
        revision_at=names.index("revision") if "revision" in names else None,
        connection=on,
        pk_at=fields.index(model._meta.pk),
        attnames=tuple(field.attname for field in fields),
        plain=model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__,  # type: ignore[attr-defined]
    )


def _init_is_watched(model: type[Model]) -> bool:
    """Whether something listens for ``model``'s instances being made (then they are made
    through ``__init__``, which sends the signals)."""
    if not (signals.pre_init.receivers or signals.post_init.receivers):
        return False  # nobody listens for any model: asked per instance, so asked first
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


def _converters(expression: Any) -> tuple[_Converter, ...]:
    backend = connection.ops.get_db_converters(expression)
    return (*backend, *expression.get_db_converters(connection))
