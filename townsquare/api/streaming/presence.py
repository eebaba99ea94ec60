"""Who has a stream open right now, so deliveries skip everyone else.

A fan-out to 10,000 followers would otherwise publish 10,000 channel-layer messages,
almost all to groups nobody listens on. Each account with an open authenticated
stream (WebSocket, SSE or the web's /live) has a cache key holding how many of its
streams are open, with a TTL every open stream keeps refreshing; deliveries read the
recipients' keys in one ``get_many`` per chunk and send only to those present.

The error is only ever in the safe direction: a stream that dies without closing
leaves a stale count (a wasted send until the TTL runs out), while an open stream
refreshes its key every ``REFRESH_SECONDS``, well within ``PRESENCE_SECONDS``. A
closed stream decrements the count rather than deleting the key, so another tab of
the same account stays present; a count of zero means absent. Someone who connects
later finds the post on their home timeline, as before.

The sync cache methods are used on purpose: ``incr`` is atomic and keeps the TTL in
both Redis and local memory, where the async defaults read and write it back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable

from asgiref.sync import sync_to_async
from django.core.cache import cache

PRESENCE_SECONDS = 90
REFRESH_SECONDS = 30.0
LOOKUP_CHUNK = 1000  # keys per get_many: one round trip each

logger = logging.getLogger(__name__)


def presence_key(account_id: int) -> str:
    return f"streaming:present:{account_id}"


def present(account_ids: Iterable[int]) -> set[int]:
    """The accounts among ``account_ids`` with at least one stream open."""
    ids = list(dict.fromkeys(account_ids))
    found: set[int] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        counts = cache.get_many([presence_key(account_id) for account_id in chunk])
        found.update(
            account_id for account_id in chunk if _is_open(counts.get(presence_key(account_id)))
        )
    return found


def _is_open(count: object) -> bool:
    return isinstance(count, int) and count > 0


def _arrive(account_id: int) -> None:
    key = presence_key(account_id)
    cache.add(key, 0, PRESENCE_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, PRESENCE_SECONDS)
    # Redis's INCR recreates a key that expired meanwhile without a TTL: set it again.
    cache.touch(key, PRESENCE_SECONDS)


def _refresh(account_id: int) -> None:
    key = presence_key(account_id)
    if not cache.touch(key, PRESENCE_SECONDS):
        # Only if refreshes stalled past the TTL: count at least this stream.
        cache.add(key, 1, PRESENCE_SECONDS)


def _leave(account_id: int) -> None:
    # Decrement, never delete: a delete could race another tab's arrival and hide it.
    with contextlib.suppress(ValueError):  # already expired: nothing to take back
        cache.decr(presence_key(account_id))


class Presence:
    """One open stream's mark: ``arrive`` when it opens, ``keep`` while it runs, ``leave``."""

    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self._has_arrived = False
        self._refresher: asyncio.Task[None] | None = None

    async def arrive(self) -> None:
        await sync_to_async(_arrive, thread_sensitive=False)(self.account_id)
        self._has_arrived = True

    def keep(self) -> None:
        """Refresh the mark in the background until ``leave``; on the serving loop."""
        if self._has_arrived and self._refresher is None:
            self._refresher = asyncio.create_task(self._keep_refreshing())

    async def leave(self) -> None:
        if self._refresher is not None:
            self._refresher.cancel()
            self._refresher = None
        if self._has_arrived:
            self._has_arrived = False
            try:
                await sync_to_async(_leave, thread_sensitive=False)(self.account_id)
            except Exception:
                # A stale mark only costs wasted sends until its TTL runs out.
                logger.exception("streaming: could not clear presence of %d", self.account_id)

    async def _keep_refreshing(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                await sync_to_async(_refresh, thread_sensitive=False)(self.account_id)
            except Exception:
                # Redis briefly down: try again next time, within the TTL.
                logger.exception("streaming: could not refresh presence of %d", self.account_id)
