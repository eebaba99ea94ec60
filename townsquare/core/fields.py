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
