"""Group sends from the web threads hop onto the loop that serves the process's requests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from townsquare.api.streaming import delivery
from townsquare.core import dispatch


class RecordingLayer:
    """A channel layer that notes the loop each group send ran on."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, asyncio.AbstractEventLoop]] = []
        self.done = threading.Event()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self.sent.append((group, asyncio.get_running_loop()))
        self.done.set()


@pytest.fixture
def serving() -> Iterator[asyncio.AbstractEventLoop]:
    """A loop in a thread of its own, as uvicorn's, until the test ends."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


async def _answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
    return None


def test_sends_go_to_the_loop_that_served_a_request(serving, monkeypatch) -> None:
    layer = RecordingLayer()
    monkeypatch.setattr(delivery, "get_channel_layer", lambda: layer)
    monkeypatch.setattr(delivery, "_serving_loop", None)  # no stream ever opened here
    served = dispatch.Dispatch(plain=_answer, other=_answer)
    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    asyncio.run_coroutine_threadsafe(served(scope, None, None), serving).result(5)

    delivery.send_all([("timeline:public", {"type": "streaming.event"})])

    assert layer.done.wait(5)
    assert layer.sent == [("timeline:public", serving)]
