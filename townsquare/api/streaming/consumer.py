"""The multiplexed WebSocket at /api/v1/streaming, as Mastodon serves it.

A user token is required (Mastodon 4.2+): in the Authorization header, as the
Sec-WebSocket-Protocol, or as the legacy ``access_token`` query parameter. A bad one
gets an error frame and the connection closes; a bad subscription gets an error frame
and the connection stays open.
"""

from __future__ import annotations

import io
import logging
from typing import Any
from urllib.parse import parse_qs

import orjson
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest

from townsquare.api.auth import Caller, caller_for
from townsquare.api.scopes import grants
from townsquare.api.streaming.delivery import remember_loop
from townsquare.api.streaming.groups import CHANGES_GROUP, StreamError
from townsquare.api.streaming.presence import Presence
from townsquare.api.streaming.session import StreamSession, error_json
from townsquare.core import outages

MAX_MESSAGE_CHARS = 4096
CLOSE_UNAUTHORIZED = 4001  # an application code: HTTP 401 in WebSocket's private range
CLOSE_TRY_AGAIN_LATER = 1013  # the database or Redis is down: WebSocket's "try again later"

logger = logging.getLogger(__name__)


class StreamingConsumer(AsyncWebsocketConsumer):
    session: StreamSession | None = None
    presence: Presence | None = None

    async def connect(self) -> None:
        remember_loop()
        self.joined: set[str] = set()
        try:
            await self._open()
        except Exception as error:
            if not outages.is_dependency_down(error):
                raise
            logger.error("Stream refused: a service it needs is unavailable", exc_info=error)
            # Before the handshake this refuses it; after, the code asks to retry later.
            await self.close(code=CLOSE_TRY_AGAIN_LATER)

    async def _open(self) -> None:
        request = _request(self.scope)
        if request is None:
            await self.close()  # before accepting: the handshake is refused
            return
        token, protocol = _token(self.scope)
        caller = await database_sync_to_async(caller_for)(token) if token else None
        if caller is not None and caller.account is not None and _may_read(caller):
            # Present before the client can expect anything: no send to it is skipped.
            self.presence = Presence(caller.account.pk)
            await self.presence.arrive()
            self.presence.keep()
        await self.accept(subprotocol=protocol)
        if caller is None or caller.account is None or self.presence is None:
            message = "Missing access token" if not token else "Invalid access token"
            await self.send(text_data=error_json(StreamError(message, status=401)))
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        self.session = StreamSession(viewer=caller.account, scopes=caller.scopes, request=request)
        await self._join(CHANGES_GROUP)
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        if stream := _first(query, "stream"):
            await self._change("subscribe", stream, _first(query, "tag"), _first(query, "list"))

    async def disconnect(self, code: int) -> None:
        if self.presence is not None:
            await self.presence.leave()
        for group in getattr(self, "joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session is None:
            return
        try:
            if text_data is None or len(text_data) > MAX_MESSAGE_CHARS:
                raise ValueError("a text frame of at most 4096 characters")
            request = orjson.loads(text_data)
            if not isinstance(request, dict):
                raise ValueError("an object")
        except (ValueError, orjson.JSONDecodeError):
            await self.send(text_data=error_json(StreamError("Invalid JSON message")))
            return
        kind = request.get("type")
        if kind not in {"subscribe", "unsubscribe"}:
            await self.send(text_data=error_json(StreamError("Unknown message type")))
            return
        stream, tag, list_id = (_text(request.get(key)) for key in ("stream", "tag", "list"))
        await self._change(kind, stream, tag, list_id)

    async def streaming_event(self, message: dict[str, Any]) -> None:
        """A group message from ``subscribers``: zero or more frames for this viewer."""
        if self.session is None:
            return
        for frame in await self.session.frames_for(message):
            await self.send(text_data=frame.as_json())

    async def _change(self, kind: str, stream: str, tag: str, list_id: str) -> None:
        assert self.session is not None  # noqa: S101 (only called once authenticated)
        try:
            if kind == "subscribe":
                group = await self.session.subscribe(stream, tag=tag, list_id=list_id)
                if group is not None:
                    await self._join(group)
            elif (group := self.session.unsubscribe(stream, tag=tag, list_id=list_id)) is not None:
                self.joined.discard(group)
                await self.channel_layer.group_discard(group, self.channel_name)
        except StreamError as error:
            await self.send(text_data=error_json(error))

    async def _join(self, group: str) -> None:
        self.joined.add(group)
        await self.channel_layer.group_add(group, self.channel_name)


def _token(scope: dict[str, Any]) -> tuple[str, str | None]:
    """The token and, when it came as the WebSocket protocol, the protocol to echo."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            kind, _, token = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and token.strip():
                return token.strip(), None
    protocols = scope.get("subprotocols") or []
    if protocols:
        return str(protocols[0]), str(protocols[0])
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return _first(query, "access_token"), None


def _may_read(caller: Caller) -> bool:
    return any(grants(caller.scopes, scope) for scope in ("read:statuses", "read:notifications"))


def _request(scope: dict[str, Any]) -> HttpRequest | None:
    """An HTTP request standing for the handshake, so serializers can build absolute URLs.

    None when the Host header is not one of ours (the same check as any page).
    """
    secure = scope.get("scheme") == "wss"
    http_scope = {**scope, "type": "http", "method": "GET", "scheme": "https" if secure else "http"}
    request = ASGIRequest(http_scope, io.BytesIO())
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request


def _first(query: dict[str, list[str]], key: str) -> str:
    values = query.get(key)
    return values[0] if values else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
