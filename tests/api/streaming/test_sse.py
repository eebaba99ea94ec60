"""Server-sent events at /api/v1/streaming/<stream>, and the health check."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import orjson
import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.http import HttpRequest
from django.test import AsyncClient

from tests.api.streaming.conftest import WAIT
from townsquare.api.streaming import sse
from townsquare.api.streaming.groups import CHANGES_GROUP
from townsquare.api.streaming.presence import Presence, present
from townsquare.api.streaming.session import StreamSession
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

post_as = database_sync_to_async(publish_post)


def chunks_of(response: Any) -> AsyncGenerator[bytes | str]:
    """The body of a streaming response, chunk by chunk, as the server sends it."""
    return aiter(response.streaming_content)


async def next_chunk(chunks: AsyncGenerator[bytes | str]) -> str:
    chunk = await asyncio.wait_for(anext(chunks), timeout=WAIT)
    return chunk.decode() if isinstance(chunk, bytes) else chunk


def event_of(chunk: str) -> tuple[str, dict[str, object]]:
    """``event: name`` and the JSON of ``data: ...`` from one event block."""
    fields = dict(line.split(": ", 1) for line in chunk.strip().splitlines())
    return fields["event"], orjson.loads(fields["data"])


async def test_health_answers_ok():
    response = await AsyncClient().get("/api/v1/streaming/health")
    assert response.status_code == 200
    assert response.content == b"OK"


async def test_the_public_stream_sends_new_posts_as_events(alice, bob):
    response = await AsyncClient().get("/api/v1/streaming/public")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    chunks = chunks_of(response)
    assert await next_chunk(chunks) == ":)\n\n"  # subscribed: safe to publish now
    post = await post_as(author=bob, text="Out loud")
    event, status = event_of(await next_chunk(chunks))
    assert event == "update"
    assert status["id"] == str(post.id)
    assert "favourited" not in status  # anonymous reader
    await chunks.aclose()


async def test_the_user_stream_reads_the_token_from_the_query(alice, bob, alice_token):
    await database_sync_to_async(follow)(follower=alice, followee=bob)
    response = await AsyncClient().get("/api/v1/streaming/user", {"access_token": alice_token})
    chunks = chunks_of(response)
    await next_chunk(chunks)
    post = await post_as(author=bob, text="For followers", visibility="followers")
    event, status = event_of(await next_chunk(chunks))
    assert (event, status["id"]) == ("update", str(post.id))
    assert status["favourited"] is False
    await chunks.aclose()


async def test_a_quiet_stream_sends_heartbeats(alice, monkeypatch):
    monkeypatch.setattr(sse, "HEARTBEAT_SECONDS", 0.05)
    response = await AsyncClient().get("/api/v1/streaming/public/local")
    chunks = chunks_of(response)
    assert await next_chunk(chunks) == ":)\n\n"
    assert await next_chunk(chunks) == ":thump\n\n"
    await chunks.aclose()


@pytest.mark.parametrize(
    ("path", "headers", "status", "error"),
    [
        ("/api/v1/streaming/user", {}, 401, "Missing access token"),
        ("/api/v1/streaming/direct", {}, 401, "Missing access token"),
        ("/api/v1/streaming/public", {"Authorization": "Bearer nope"}, 401, "Invalid access token"),
        ("/api/v1/streaming/hashtag", {}, 400, "No tag for stream provided"),
        ("/api/v1/streaming/list?list=1", {}, 401, "Missing access token"),
        ("/api/v1/streaming/everything", {}, 400, "Unknown channel requested"),
    ],
)
async def test_refusals_are_json_errors(alice, path, headers, status, error):
    response = await AsyncClient().get(path, headers=headers)
    assert response.status_code == status
    assert orjson.loads(response.content) == {"error": error}


async def test_an_event_stream_marks_its_viewer_present_until_it_ends(alice, bob):
    session = StreamSession(viewer=alice, scopes=("read",), request=HttpRequest())
    layer = get_channel_layer()
    channel = await layer.new_channel()
    presence = Presence(alice.pk)
    await presence.arrive()
    stream: Any = sse.events(session, [CHANGES_GROUP], channel, presence)
    assert await anext(stream) == ":)\n\n"
    assert await database_sync_to_async(present)([alice.pk, bob.pk]) == {alice.pk}
    await stream.aclose()
    assert await database_sync_to_async(present)([alice.pk]) == set()
