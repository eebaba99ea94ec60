"""Time-sortable 64-bit ids: milliseconds since the epoch << 16 | a 16-bit tail.

The tail is 6 bits that tell processes apart and a 10-bit counter, so one process
issues up to 1,024 ids a millisecond and ids from two processes rarely meet; a
collision would fail the primary key and the write is retried by its caller. Since
the time is in the high bits, ``max_id``/``min_id`` paging is an index range scan and
a client can turn a date into an id.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

_TAIL_BITS = 16
_COUNTER_BITS = 10
_COUNTER_MASK = (1 << _COUNTER_BITS) - 1

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def _process_bits() -> int:
    return (os.getpid() ^ int.from_bytes(os.urandom(1))) & 0x3F


_process = _process_bits()
os.register_at_fork(after_in_child=lambda: globals().__setitem__("_process", _process_bits()))


def next_id() -> int:
    """A new id, greater than every id this process issued before."""
    global _last_ms, _counter
    with _lock:
        now = int(time.time() * 1000)
        if now > _last_ms:
            _last_ms, _counter = now, 0
        else:
            _counter += 1
            if _counter > _COUNTER_MASK:
                _last_ms, _counter = _last_ms + 1, 0
        return (_last_ms << _TAIL_BITS) | (_process << _COUNTER_BITS) | _counter


_backdated = 0
_BACKDATED_MASK = (1 << _TAIL_BITS) - 1


def next_id_at(moment: datetime) -> int:
    """A new id for something that happened at ``moment`` (imports, the demo).

    The counter runs across calls so two items at the same millisecond differ, and it
    takes the whole tail (the process bits too: moments in the past are not shared with
    live ids), so two items of one import meet only when they fall on the same
    millisecond 65,536 items apart (a 10-bit counter collided in an import of 1.4 million
    follows over three days). Ids issued this way are not ordered within one millisecond.
    """
    global _backdated
    with _lock:
        _backdated = (_backdated + 1) & _BACKDATED_MASK
        counter = _backdated
    return id_at(moment) | counter


def id_at(moment: datetime) -> int:
    """The smallest id that could have been issued at ``moment`` (for paging by time)."""
    return int(moment.timestamp() * 1000) << _TAIL_BITS


def id_time(identifier: int) -> datetime:
    """When an id was issued."""

    return datetime.fromtimestamp((identifier >> _TAIL_BITS) / 1000, tz=UTC)
