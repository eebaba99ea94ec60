"""The database raises a row's ``RevisionField`` on every UPDATE, through a trigger.

The triggers are (re)installed after every ``migrate`` rather than by a migration: on
SQLite a migration that rebuilds a table (most column changes do) drops its triggers,
and a row that changed without a new revision would be served stale from every cache
keyed by revision.

- SQLite: an AFTER UPDATE trigger sets the revision to one past the old one, unless the
  statement itself raised it (recursive triggers are off, so that UPDATE fires nothing).
- PostgreSQL: a BEFORE UPDATE trigger sets ``NEW.revision`` to one past the old one.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.models import Model

from townsquare.core.fields import RevisionField

_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION townsquare_next_revision() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN NEW.revision := OLD.revision + 1; RETURN NEW; END $$"
)


def revised_models(app_config: AppConfig | None = None) -> list[type[Model]]:
    """The models with a revision column (of one app, or of every installed app)."""
    models = apps.get_models() if app_config is None else app_config.get_models()
    return [
        model
        for model in models
        if any(isinstance(field, RevisionField) for field in model._meta.concrete_fields)
    ]


def install_triggers(using: str, app_config: AppConfig | None = None) -> None:
    """Make sure each revised model's table (of one app, or all) has its trigger."""
    models = revised_models(app_config)
    if not models:
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in models:
            table = model._meta.db_table
            if table in tables and _has_revision_column(connection, cursor, table):
                for statement in _trigger_sql(connection, model):
                    cursor.execute(statement)


def on_post_migrate(app_config: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver: sent for each app after every ``migrate`` and ``flush``."""
    install_triggers(using, app_config)


def _has_revision_column(connection: BaseDatabaseWrapper, cursor: Any, table: str) -> bool:
    described = connection.introspection.get_table_description(cursor, table)
    return any(column.name == "revision" for column in described)


def _trigger_sql(connection: BaseDatabaseWrapper, model: type[Model]) -> list[str]:
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, str(model._meta.pk.column)
    trigger = quote(f"{table}_revision")
    if connection.vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"DROP TRIGGER IF EXISTS {trigger} ON {quote(table)}",
            f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {quote(table)}"
            " FOR EACH ROW EXECUTE FUNCTION townsquare_next_revision()",
        ]
    if connection.vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {trigger} AFTER UPDATE ON {quote(table)}"  # noqa: S608
            " FOR EACH ROW WHEN NEW.revision <= OLD.revision BEGIN"
            f" UPDATE {quote(table)} SET revision = OLD.revision + 1"
            f" WHERE {quote(pk)} = NEW.{quote(pk)}; END"
        ]
    # Settings accept only these two (``config.env``); a third needs its own trigger here.
    raise ImproperlyConfigured(
        f"Townsquare runs on SQLite or PostgreSQL, not {connection.vendor}: rows with a"
        " revision need a trigger that raises it on every UPDATE."
    )


def add_revision_column(app_label: str, model_name: str) -> list[Operation]:
    """The migration operation that gives ``app_label.model_name`` its revision column.

    On SQLite, a plain ``ALTER TABLE ... ADD COLUMN`` with a default: Django's own
    ``AddField`` would copy the whole table (every post, on a large server) to add a
    column that is not nullable.
    """

    def add(app_registry: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = app_registry.get_model(app_label, model_name)
        field = model._meta.get_field("revision")
        if schema_editor.connection.vendor != "sqlite":
            schema_editor.add_field(model, field)
            return
        quote = schema_editor.quote_name
        column = schema_editor.column_sql(model, field)[0]
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN {quote('revision')}"
            f" {column} DEFAULT 0"
        )

    def remove(app_registry: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = app_registry.get_model(app_label, model_name)
        schema_editor.remove_field(model, model._meta.get_field("revision"))

    # The column is added once the state has it, so ``add`` finds the field.
    return [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name=model_name, name="revision", field=RevisionField())
            ]
        ),
        migrations.RunPython(add, remove),
    ]
