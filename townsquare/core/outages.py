"""Telling "a service we depend on is down" apart from a bug, so the edges can answer 503.

The database refusing connections, Redis (cache, rate limits, channel layer) unreachable or
storage out of space are not the client's fault and pass: the API answers 503 with
``Retry-After`` and the web a friendly page, instead of a 500. The message shown never
names the host, the SQL or the path; the exception is logged in full instead.
"""

from __future__ import annotations

import errno
import sys

from django.db import InterfaceError, OperationalError

# How long clients are asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

UNAVAILABLE_MESSAGE = "The service is temporarily unavailable, please try again shortly"
STORAGE_FULL_MESSAGE = "There is no room to store this file right now, please try again later"

_DOWN_TYPES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
# Out of space or out of quota: the upload isn't wrong, the disk (or bucket) is full.
_STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
# A wrapped error (``raise ... from``) is looked through this many levels deep.
_MAX_CHAIN = 5


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(seen) < _MAX_CHAIN and current not in seen:
        seen.append(current)
        current = current.__cause__
    return seen


def is_storage_full(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is the disk or quota running out."""
    return any(
        isinstance(item, OSError) and item.errno in _STORAGE_FULL_ERRNOS for item in _chain(error)
    )


def is_dependency_down(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says a database, Redis or storage is unavailable."""
    down = _DOWN_TYPES + _redis_down_types()
    return any(isinstance(item, down) for item in _chain(error)) or is_storage_full(error)


def _redis_down_types() -> tuple[type[BaseException], ...]:
    """Redis's connection errors, once its client is loaded. Not imported here: the client
    costs the embedded mode, which never uses Redis, 6 MB of memory per process, and no
    Redis error can be raised before something has imported it."""
    exceptions = sys.modules.get("redis.exceptions")
    if exceptions is None:
        return ()
    return (exceptions.ConnectionError, exceptions.TimeoutError)


def outage_message(error: BaseException) -> str:
    """What to tell the person, without hosts, SQL or paths."""
    return STORAGE_FULL_MESSAGE if is_storage_full(error) else UNAVAILABLE_MESSAGE
