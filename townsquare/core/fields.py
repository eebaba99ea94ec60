"""Model fields shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models

from townsquare.core.ids import next_id


class SnowflakeField(models.BigIntegerField):  # type: ignore[type-arg]
    """A primary key filled with a time-sortable id (see ``core.ids``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", next_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class RevisionField(models.PositiveBigIntegerField):  # type: ignore[type-arg]
    """A counter the database itself raises on every UPDATE of the row (``core.revisions``).

    A row's (id, revision) names one version of it, so what was read or built from that
    version can be kept and reused until the row changes, whoever changes it: the ORM,
    a bulk update or hand-written SQL. The value written by a save is ignored.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        # The PostgreSQL trigger function assigns ``NEW.revision`` by name.
        if name != "revision" or self.db_column not in (None, "revision"):
            raise TypeError("A RevisionField must be the column named 'revision'.")
        super().contribute_to_class(cls, name, private_only=private_only)
