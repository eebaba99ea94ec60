"""Group sends from synchronous code: subscribers run in request and worker threads.

The in-process channel layer keeps its queues on the event loop that serves the
connections, and asyncio queues are not thread-safe, so a send from another thread
hops onto that loop instead of running in a loop of its own. With Redis any loop may
publish, and the hop saves starting one: a web process with no stream open (its
streams' clients on another process) used to publish each post in a loop of its own,
a fifth of a post's time in the request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from townsquare.core.dispatch import serving_loop

logger = logging.getLogger(__name__)

type GroupMessage = tuple[str, dict[str, Any]]

_serving_loop: asyncio.AbstractEventLoop | None = None


def remember_loop() -> None:
    """Note the loop that serves streams in this process; each new connection calls it."""
    global _serving_loop
    _serving_loop = asyncio.get_running_loop()


def send_all(messages: Sequence[GroupMessage]) -> None:
    """Send ``(group, message)`` pairs without waiting for them; a failure is only logged."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    loop = _serving_loop
    is_in_memory = isinstance(layer, InMemoryChannelLayer)
    if (loop is None or not loop.is_running()) and not is_in_memory:
        # Any loop may publish to Redis: the one serving this process's requests will.
        # (The in-process layer's queues live on the streams' loop, and only there.)
        loop = serving_loop()
    if loop is not None and loop.is_running():
        future = asyncio.run_coroutine_threadsafe(_send(layer, messages), loop)
        future.add_done_callback(_log_failure)
    elif not is_in_memory:
        # A worker process with no connections of its own: publish for the servers.
        try:
            async_to_sync(_send)(layer, messages)
        except Exception:
            logger.exception("streaming: could not publish %d messages", len(messages))
    # In memory with no serving loop, nobody in this process is listening.


async def _send(layer: Any, messages: Sequence[GroupMessage]) -> None:
    # One after another: concurrent sends (asyncio.gather, 100 at a time) measured no
    # faster on the Redis pub/sub layer, which publishes over one connection anyway.
    for group, message in messages:
        await layer.group_send(group, message)


def _log_failure(future: Future[None]) -> None:
    if not future.cancelled() and (error := future.exception()) is not None:
        logger.error("streaming: a group send failed: %r", error)
