"""A bounded, thread-safe memo for values addressed by everything they are computed from.

For renderings that many requests repeat (the same post in a thousand homes): the key
holds every input of the value, so an entry never goes stale and nothing needs to be
told when data changes; a changed row simply asks under a new key, and the old entry
ages out. Each process keeps its own, so no cache server is involved and several
processes never disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable


class Memo[V]:
    """At most ``size`` values; when full, the oldest entry goes first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value under ``key``, computed (outside the lock) and kept when missing."""
        found = self._values.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = compute()
        self.keep(key, value)
        return value

    def find(self, key: Hashable) -> V | None:
        """The value under ``key``, or None."""
        return self._values.get(key)

    def keep(self, key: Hashable, value: V) -> None:
        """Keep ``value`` under ``key``, letting the oldest entry go when full."""
        with self._lock:
            if len(self._values) >= self._size:
                del self._values[next(iter(self._values))]
            self._values[key] = value

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._values)


_MISSING = object()
