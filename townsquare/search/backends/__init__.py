"""The search backend for the database in use, chosen here and nowhere else."""

from __future__ import annotations

import functools

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from townsquare.search.backends.base import (
    AccountDocument,
    PostDocument,
    PostMatch,
    SearchBackend,
)
from townsquare.search.backends.postgres import PostgresBackend
from townsquare.search.backends.sqlite import Fts5Backend

__all__ = ["AccountDocument", "PostDocument", "PostMatch", "SearchBackend", "backend"]


@functools.cache
def backend() -> SearchBackend:
    """FTS5 on SQLite, full-text search on PostgreSQL."""
    if connection.vendor == "sqlite":
        return Fts5Backend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")
