"""Streaming fixtures: a connected WebSocket per person, and a clean channel layer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.urls import get_resolver

from tests.api.conftest import token_for
from townsquare.accounts.models import Account
from townsquare.config.asgi import application

WAIT = 1.0  # "a post reaches a connected follower's stream within a second"


@pytest.fixture(autouse=True)
def _empty_channel_layer() -> Iterator[None]:
    """Groups and queued messages of one test never reach the next."""
    # The URLconf (the whole API) loads on first use, which alone can take a second.
    assert get_resolver().url_patterns
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    yield
    async_to_sync(layer.flush)()


@pytest.fixture
def alice_token(alice: Account, transactional_db: None) -> str:
    return token_for(alice)


@pytest.fixture
def carol_token(carol: Account, transactional_db: None) -> str:
    return token_for(carol)


class Socket(ApplicationCommunicator):
    """A WebSocket client for the ASGI application (channels.testing needs daphne)."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]], protocols: list[str]):
        path, _, query = path.partition("?")
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": query.encode(),
            "headers": headers,
            "subprotocols": protocols,
        }
        super().__init__(application, scope)

    async def connect(self) -> tuple[bool, Any]:
        """(True, chosen protocol) when accepted, (False, close code) when refused."""
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(WAIT)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        return True, answer.get("subprotocol")

    async def send_json_to(self, data: Any) -> None:
        await self.send_to(orjson.dumps(data).decode())

    async def send_to(self, text: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text})

    async def receive_json_from(self, timeout: float = WAIT) -> Any:
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return orjson.loads(answer["text"])

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(WAIT)


def communicator(
    query: str = "", *, token: str = "", subprotocols: list[str] | None = None
) -> Socket:
    headers = [(b"host", b"testserver")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    path = "/api/v1/streaming" + (f"?{query}" if query else "")
    return Socket(path, headers, subprotocols or [])


async def connected(query: str = "", *, token: str = "") -> Socket:
    socket = communicator(query, token=token)
    is_connected, _ = await socket.connect()
    assert is_connected
    return socket


async def subscribe(socket: Socket, stream: str, **params: str) -> None:
    """Subscribe, and wait until the consumer has handled it.

    Messages are handled in order, and one it can't understand is answered, so the
    answer to a bad one means the subscription before it is in place.
    """
    await socket.send_json_to({"type": "subscribe", "stream": stream, **params})
    await socket.send_json_to({})
    assert (await socket.receive_json_from())["error"] == "Unknown message type"


async def next_frame(socket: Socket) -> dict[str, Any]:
    frame: dict[str, Any] = await socket.receive_json_from(WAIT)
    return frame


def payload(frame: dict[str, Any]) -> Any:
    return orjson.loads(frame["payload"])
