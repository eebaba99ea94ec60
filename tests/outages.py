"""Services going down for real in tests: a database nobody can open, Redis on a port
nothing listens on, a disk that fills up half-way through a file."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.db import connection


def dead_port() -> int:
    """A local TCP port nothing listens on: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{dead_port()}/0"


def dead_redis_caches() -> dict[str, Any]:
    """CACHES with the default cache in a Redis that isn't there."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis_url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


# Words that would give away where things run, what was queried or where files are.
LEAKS = (
    "127.0.0.1",
    "sqlite",
    'SELECT "',
    ' FROM "',
    "Traceback",
    "/nonexistent",
    "redis://",
    "errno",
)


def assert_nothing_leaked(body: str) -> None:
    for word in LEAKS:
        assert word.lower() not in body.lower(), f"the answer gives away {word!r}"


@contextmanager
def database_down() -> Iterator[None]:
    """New connections to the default database fail, as when the server is gone.

    Needs a transactional test: the open connection is closed, which a test wrapped in
    one transaction could not survive.
    """
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/townsquare/down.sqlite3"
    else:
        options = dict(saved.get("OPTIONS", {}))
        if isinstance(options.get("pool"), dict):
            # A pool waits for a connection up to its timeout: a short wait is enough here.
            options["pool"] = {**options["pool"], "min_size": 0, "timeout": 1}
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(dead_port()), OPTIONS=options)
    _drop_pool()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        _drop_pool()


def _drop_pool() -> None:
    # PostgreSQL's connection pool keeps connections to wherever it first went.
    close_pool = getattr(connection, "close_pool", None)
    if close_pool is not None:
        close_pool()


class FullDiskStorage(FileSystemStorage):
    """Starts writing each file, then runs out of space, as a full disk does.

    Like the real FileSystemStorage on ENOSPC, it leaves the partial file behind.
    """

    def _save(self, name: str, content: File[Any]) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        content.seek(0)
        path.write_bytes(content.read(64))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def full_disk_storages(settings_storages: dict[str, Any]) -> dict[str, Any]:
    return {**settings_storages, "default": {"BACKEND": "tests.outages.FullDiskStorage"}}


def stored_files(root: str | Path) -> set[Path]:
    base = Path(root)
    return {path for path in base.rglob("*") if path.is_file()} if base.exists() else set()
