"""Edits and deletes reach every stream that could hold the post, not only where it was shown.

Each test connects after the post was published, as an app does that loads its
timeline over REST and then opens the stream.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.api.conftest import token_for
from tests.api.streaming.conftest import connected, next_frame, payload, subscribe
from townsquare.accounts.models import Account
from townsquare.posts.services import delete_post, edit_post, publish_post
from townsquare.relationships.services import follow
from townsquare.timelines.services import add_to_list, create_list

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

run = database_sync_to_async


@pytest.fixture
def dave_token(dave: Account, transactional_db: None) -> str:
    return token_for(dave)


async def test_a_follower_gets_the_edit_and_delete_of_a_followers_only_post(
    alice, bob, carol, alice_token, carol_token
):
    await run(follow)(follower=alice, followee=bob)
    post = await run(publish_post)(author=bob, text="Frist", visibility="followers")
    follower = await connected("stream=user", token=alice_token)
    stranger = await connected("stream=user", token=carol_token)
    await subscribe(stranger, "public")
    await subscribe(stranger, "public:local")

    await run(edit_post)(editor=bob, post=post, text="First, for friends")
    edited = await next_frame(follower)
    await run(delete_post)(actor=bob, post=post)
    deleted = await next_frame(follower)

    assert edited["stream"] == ["user"] and edited["event"] == "status.update"
    assert "First, for friends" in payload(edited)["content"]
    assert deleted == {"stream": ["user"], "event": "delete", "payload": str(post.id)}
    assert await stranger.receive_nothing(timeout=0.3)
    await follower.disconnect()
    await stranger.disconnect()


async def test_public_local_and_hashtag_streams_get_the_edit_and_delete_of_a_public_post(
    alice, bob, carol_token
):
    post = await run(publish_post)(author=bob, text="Fresh bred #bread")
    socket = await connected("stream=public", token=carol_token)
    await subscribe(socket, "public:local")
    await subscribe(socket, "hashtag", tag="Bread")
    await subscribe(socket, "hashtag", tag="cheese")

    await run(edit_post)(editor=bob, post=post, text="Fresh bread #bread")
    edits = [await next_frame(socket) for _ in range(3)]
    await run(delete_post)(actor=bob, post=post)
    deletes = [await next_frame(socket) for _ in range(3)]

    expected = [["hashtag", "Bread"], ["public"], ["public:local"]]
    assert sorted(frame["stream"] for frame in edits) == expected
    assert {frame["event"] for frame in edits} == {"status.update"}
    assert all("Fresh bread" in payload(frame)["content"] for frame in edits)
    assert sorted(frame["stream"] for frame in deletes) == expected
    assert {(frame["event"], frame["payload"]) for frame in deletes} == {("delete", str(post.id))}
    assert await socket.receive_nothing(timeout=0.2)  # nothing on #cheese
    await socket.disconnect()


async def test_public_streams_get_nothing_of_a_followers_only_post(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    post = await run(publish_post)(author=bob, text="Friends #bread", visibility="followers")
    socket = await connected("stream=public", token=alice_token)  # a follower, but not home
    await subscribe(socket, "hashtag", tag="bread")

    await run(edit_post)(editor=bob, post=post, text="Friends only #bread")
    await run(delete_post)(actor=bob, post=post)

    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_list_stream_gets_the_edit_of_a_members_post(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    feed = await run(create_list)(owner=alice, title="Bakers")
    await run(add_to_list)(feed=feed, accounts=[bob])
    post = await run(publish_post)(author=bob, text="Rye", visibility="followers")
    socket = await connected(f"stream=list&list={feed.id}", token=alice_token)

    await run(edit_post)(editor=bob, post=post, text="Rye and spelt")
    frame = await next_frame(socket)

    assert frame["stream"] == ["list", str(feed.id)] and frame["event"] == "status.update"
    assert payload(frame)["id"] == str(post.id)
    await socket.disconnect()


async def test_the_mentioned_get_the_edit_of_a_direct_post_and_others_nothing(
    alice, bob, carol, dave, alice_token, carol_token, dave_token
):
    await run(follow)(follower=dave, followee=bob)  # a follower, not mentioned
    post = await run(publish_post)(author=bob, text="@alice psst", visibility="direct")
    mentioned = await connected("stream=user", token=alice_token)
    stranger = await connected("stream=user", token=carol_token)
    follower = await connected("stream=user", token=dave_token)

    await run(edit_post)(editor=bob, post=post, text="@alice psst, tomorrow")
    frame = await next_frame(mentioned)

    assert frame["event"] == "status.update" and payload(frame)["id"] == str(post.id)
    assert await stranger.receive_nothing(timeout=0.3)
    assert await follower.receive_nothing(timeout=0.1)  # may not see it: no update
    for socket in (mentioned, stranger, follower):
        await socket.disconnect()


async def test_the_authors_own_stream_gets_their_edits(bob):
    post = await run(publish_post)(author=bob, text="Mine", visibility="followers")
    socket = await connected("stream=user", token=await run(token_for)(bob))

    await run(edit_post)(editor=bob, post=post, text="Still mine")

    assert (await next_frame(socket))["event"] == "status.update"
    await socket.disconnect()
