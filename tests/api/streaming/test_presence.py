"""Deliveries go only to people with a stream open: the others cost no channel-layer send."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache

from tests.api.streaming.conftest import connected, next_frame, payload
from townsquare.api.streaming import presence
from townsquare.api.streaming.groups import user_group
from townsquare.api.streaming.presence import present
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import follow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

post_as = database_sync_to_async(publish_post)
run = database_sync_to_async
is_present = database_sync_to_async(present)


@pytest.fixture
def sent_to(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The groups every channel-layer send goes to, in order."""
    layer = get_channel_layer()
    groups: list[str] = []
    original = layer.group_send

    async def spy(group: str, message: dict[str, Any]) -> None:
        groups.append(group)
        await original(group, message)

    monkeypatch.setattr(layer, "group_send", spy)
    yield groups


async def test_only_the_connected_follower_costs_a_send(alice, bob, carol, alice_token, sent_to):
    await run(follow)(follower=alice, followee=bob)
    await run(follow)(follower=carol, followee=bob)
    socket = await connected("stream=user", token=alice_token)
    post = await post_as(author=bob, text="Fresh bread at the market", visibility="followers")
    assert payload(await next_frame(socket))["id"] == str(post.id)
    assert user_group(alice.pk) in sent_to
    assert user_group(carol.pk) not in sent_to  # followed, but no stream open
    await socket.disconnect()


async def test_a_notification_to_someone_not_connected_costs_no_send(
    alice, bob, carol, carol_token, sent_to
):
    await run(follow)(follower=carol, followee=bob)
    watcher = await connected("stream=user", token=carol_token)
    post = await post_as(author=alice, text="Like this")
    await run(like)(account=bob, post=post)
    # Sends leave in order: once carol has this, the like's notification would have gone.
    later = await post_as(author=bob, text="Liked it")
    assert payload(await next_frame(watcher))["id"] == str(later.id)
    assert user_group(carol.pk) in sent_to
    assert user_group(alice.pk) not in sent_to
    await watcher.disconnect()


async def test_a_second_stream_of_the_account_keeps_receiving_when_one_closes(
    alice, bob, alice_token
):
    await run(follow)(follower=alice, followee=bob)
    first = await connected("stream=user", token=alice_token)
    second = await connected("stream=user", token=alice_token)
    await first.disconnect()
    assert await is_present([alice.pk]) == {alice.pk}
    post = await post_as(author=bob, text="Still here?")
    assert payload(await next_frame(second))["id"] == str(post.id)
    await second.disconnect()


async def test_presence_ends_when_the_last_stream_closes(
    alice, bob, carol, alice_token, carol_token, sent_to
):
    await run(follow)(follower=alice, followee=bob)
    await run(follow)(follower=carol, followee=bob)
    socket = await connected("stream=user", token=alice_token)
    watcher = await connected("stream=user", token=carol_token)
    assert await is_present([alice.pk, bob.pk]) == {alice.pk}
    await socket.disconnect()
    assert await is_present([alice.pk]) == set()
    post = await post_as(author=bob, text="Nobody is watching", visibility="followers")
    assert payload(await next_frame(watcher))["id"] == str(post.id)
    assert user_group(alice.pk) not in sent_to
    await watcher.disconnect()


async def test_an_open_stream_marks_itself_again_if_its_mark_lapsed(
    alice, alice_token, monkeypatch
):
    monkeypatch.setattr(presence, "REFRESH_SECONDS", 0.05)
    socket = await connected("stream=user", token=alice_token)
    await run(cache.delete)(presence.presence_key(alice.pk))  # as if its TTL ran out
    await asyncio.sleep(0.5)
    assert await is_present([alice.pk]) == {alice.pk}
    await socket.disconnect()


async def test_a_refused_token_marks_nobody(alice):
    socket = await connected("stream=user", token="not-a-token")
    assert await is_present([alice.pk]) == set()
    await socket.disconnect()
