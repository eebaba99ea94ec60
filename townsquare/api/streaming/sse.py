"""Server-sent events: /api/v1/streaming/<stream>, one stream per connection.

Async views return a streaming response fed by the channel layer; a ``:thump``
comment every ``HEARTBEAT_SECONDS`` keeps proxies from closing a quiet connection.
Public streams may be read anonymously, as the REST public timelines may.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from townsquare.api.auth import Caller, caller_for
from townsquare.api.errors import unavailable_response
from townsquare.api.http import json_response
from townsquare.api.streaming.delivery import remember_loop
from townsquare.api.streaming.groups import CHANGES_GROUP, StreamError
from townsquare.api.streaming.presence import Presence
from townsquare.api.streaming.session import StreamSession
from townsquare.core import outages

HEARTBEAT_SECONDS = 15.0


async def health(request: HttpRequest) -> HttpResponse:
    """GET /api/v1/streaming/health: the streaming service is alive."""
    return HttpResponse("OK", content_type="text/plain")


async def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return json_response({"error": "Unknown channel requested"}, status=400)


async def stream(request: HttpRequest, stream: str) -> HttpResponse | StreamingHttpResponse:
    """One Mastodon stream as server-sent events; 401 for a bad token, 400 for a bad stream."""
    remember_loop()
    token = _token(request)
    caller = await database_sync_to_async(caller_for)(token) if token else None
    if token and (caller is None or caller.account is None):
        return json_response({"error": "Invalid access token"}, status=401)
    if request.GET.get("only_media", "").lower() in {"1", "true"} and stream.startswith("public"):
        stream += ":media"
    session = _session(caller, request)
    try:
        group = await session.subscribe(
            stream, tag=request.GET.get("tag", ""), list_id=request.GET.get("list", "")
        )
    except StreamError as error:
        return json_response({"error": error.message}, status=error.status)
    assert group is not None  # noqa: S101 (a fresh session joins its first group)
    return await event_stream(request, session, [group, CHANGES_GROUP])


async def event_stream(
    request: HttpRequest, session: StreamSession, groups: list[str]
) -> HttpResponse | StreamingHttpResponse:
    """The event-stream response, once ``groups`` are joined; 503 if the channel layer is down.

    Joining before answering lets an unreachable Redis refuse the stream with a status
    instead of a 200 that breaks off at once.
    """
    layer = get_channel_layer()
    viewer = session.viewer
    presence = Presence(viewer.pk) if viewer is not None else None
    try:
        # Present before joining: nothing sent to the viewer's groups is skipped.
        if presence is not None:
            await presence.arrive()
        channel = await layer.new_channel()
        for group in groups:
            await layer.group_add(group, channel)
    except Exception as error:
        if presence is not None:
            await presence.leave()
        if not outages.is_dependency_down(error):
            raise
        return unavailable_response(request, error)
    response = StreamingHttpResponse(
        events(session, groups, channel, presence), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx would otherwise hold events back
    return response


async def events(
    session: StreamSession, groups: list[str], channel: str, presence: Presence | None = None
) -> AsyncIterator[str]:
    """The frames of ``groups``, already joined by ``channel``, as event blocks with heartbeats.

    ``presence``, marked by ``event_stream``, is kept fresh while the stream runs and
    taken back when it ends.
    """
    layer = get_channel_layer()
    try:
        if presence is not None:
            presence.keep()
        yield ":)\n\n"  # as Mastodon: the stream is open
        while True:
            try:
                async with asyncio.timeout(HEARTBEAT_SECONDS):
                    message = await layer.receive(channel)
            except TimeoutError:
                yield ":thump\n\n"
                continue
            for frame in await session.frames_for(message):
                yield frame.as_sse()
    finally:
        if presence is not None:
            await presence.leave()
        for group in groups:
            await layer.group_discard(group, channel)


def _token(request: HttpRequest) -> str:
    kind, _, token = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() == "bearer" and token.strip():
        return token.strip()
    return request.GET.get("access_token", "")


def _session(caller: Caller | None, request: HttpRequest) -> StreamSession:
    if caller is None:
        return StreamSession(viewer=None, scopes=(), request=request)
    return StreamSession(viewer=caller.account, scopes=caller.scopes, request=request)
