"""/live: the signed-in web visitor's own events as server-sent events, by session cookie."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import orjson
import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.test import AsyncClient
from django.urls import get_resolver

from townsquare.accounts.models import Account
from townsquare.api.streaming.presence import present
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import follow
from townsquare.timelines import services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

# An awaited event may take a while on a loaded machine; silence is judged sooner.
WAIT = 5.0
QUIET = 1.0
post_as = database_sync_to_async(publish_post)


@pytest.fixture(autouse=True)
def _empty_channel_layer() -> Iterator[None]:
    assert get_resolver().url_patterns  # load the URLconf before timing anything
    layer = get_channel_layer()
    async_to_sync(layer.flush)()
    yield
    async_to_sync(layer.flush)()


async def open_live(account: Account | None) -> tuple[Any, Any]:
    """The response to GET /live as ``account``, and its chunks when it streams."""
    client = AsyncClient()
    if account is not None:
        await client.aforce_login(account)
    response: Any = await client.get("/live")
    return response, aiter(response.streaming_content) if response.streaming else None


async def next_event(chunks: AsyncGenerator[bytes | str], *, wait: float = WAIT) -> tuple[str, Any]:
    """The next event, skipping heartbeats; ("", None) if none comes within ``wait``."""
    while True:
        try:
            chunk = await asyncio.wait_for(anext(chunks), timeout=wait)
        except TimeoutError:
            return "", None
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith(":"):
            continue
        fields = dict(line.split(": ", 1) for line in text.strip().splitlines())
        return fields["event"], orjson.loads(fields["data"])


async def test_visitors_without_a_session_get_401() -> None:
    response, _ = await open_live(None)
    assert response.status_code == 401


async def test_a_followed_post_reaches_the_session_stream(alice, bob) -> None:
    await database_sync_to_async(follow)(follower=bob, followee=alice)
    response, chunks = await open_live(bob)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert await anext(chunks) in (":)\n\n", b":)\n\n")
    post = await post_as(author=alice, text="Fresh from the oven", visibility="followers")
    event, status = await next_event(chunks)
    assert (event, status["id"]) == ("update", str(post.id))
    await chunks.aclose()


async def test_notifications_and_messages_reach_only_their_recipient(alice, bob, carol) -> None:
    _, bobs = await open_live(bob)
    _, carols = await open_live(carol)
    await anext(bobs)
    await anext(carols)
    mine = await post_as(author=bob, text="Something to like")
    assert (await next_event(bobs))[0] == "update"  # bob's own home
    await database_sync_to_async(like)(account=alice, post=mine)
    event, notification = await next_event(bobs)
    assert (event, notification["type"]) == ("notification", "favourite")

    secret = await post_as(author=alice, text="@bob just between us", visibility="direct")
    # Three events, in whichever order the deliveries finish.
    seen = dict([await next_event(bobs) for _ in range(3)])
    assert seen["update"]["id"] == str(secret.id)
    assert seen["conversation"]["last_status"]["id"] == str(secret.id)
    assert (seen["notification"]["type"], seen["notification"]["status"]["id"]) == (
        "mention",
        str(secret.id),
    )
    # Carol is not addressed: nothing of it (nor of bob's like) reaches her stream.
    assert await next_event(carols, wait=QUIET) == ("", None)
    await bobs.aclose()
    await carols.aclose()


async def test_a_stranger_never_gets_a_followers_only_post(alice, carol) -> None:
    _, carols = await open_live(carol)
    await anext(carols)
    await post_as(author=alice, text="For my followers", visibility="followers")
    await post_as(author=alice, text="Public, but carol doesn't follow")
    assert await next_event(carols, wait=QUIET) == ("", None)
    await carols.aclose()


async def test_posts_of_exclusive_list_members_stay_off_the_home_stream(alice, bob) -> None:
    def exclusive_list_of_alice() -> None:
        follow(follower=bob, followee=alice)
        feed = services.create_list(owner=bob, title="Alice", is_exclusive=True)
        services.add_to_list(feed=feed, accounts=[alice])

    await database_sync_to_async(exclusive_list_of_alice)()
    _, chunks = await open_live(bob)
    await anext(chunks)
    await post_as(author=alice, text="Read in bob's list, not his home")
    assert await next_event(chunks, wait=QUIET) == ("", None)
    await chunks.aclose()


async def test_an_open_live_stream_marks_its_viewer_present(alice, bob) -> None:
    _, chunks = await open_live(bob)
    assert await anext(chunks) in (":)\n\n", b":)\n\n")
    assert await database_sync_to_async(present)([alice.pk, bob.pk]) == {bob.pk}
    await chunks.aclose()
