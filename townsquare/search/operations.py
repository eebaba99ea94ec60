"""A migration operation that runs SQL on one database vendor only.

The two search backends keep different tables (an FTS5 virtual table, a tsvector table),
so the search migrations create each only where its backend runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState


class VendorSQL(Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, vendor: str, sql: Sequence[str], reverse_sql: Sequence[str]) -> None:
        self.vendor = vendor
        self.sql = list(sql)
        self.reverse_sql = list(reverse_sql)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            f"{self.__class__.__module__}.{self.__class__.__name__}",
            [self.vendor, self.sql, self.reverse_sql],
            {},
        )

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # no model state: the tables belong to the backend, not to the ORM

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(schema_editor, self.sql)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(schema_editor, self.reverse_sql)

    def describe(self) -> str:
        return f"Search tables for {self.vendor}"

    def _run(self, schema_editor: BaseDatabaseSchemaEditor, statements: list[str]) -> None:
        if schema_editor.connection.vendor != self.vendor:
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)
