"""The WebSocket at /api/v1/streaming: authentication, subscriptions and who gets what."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.api.conftest import token_for
from tests.api.streaming.conftest import (
    communicator,
    connected,
    next_frame,
    payload,
    subscribe,
)
from townsquare.posts.services import delete_post, edit_post, like, publish_post
from townsquare.relationships.services import block, follow, mute
from townsquare.timelines.services import add_to_list, create_list

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

post_as = database_sync_to_async(publish_post)
run = database_sync_to_async


async def test_a_follower_gets_a_new_post_on_the_user_stream(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    socket = await connected("stream=user", token=alice_token)
    post = await post_as(author=bob, text="Fresh bread at the market")
    frame = await next_frame(socket)
    assert frame["stream"] == ["user"]
    assert frame["event"] == "update"
    status = payload(frame)
    assert status["id"] == str(post.id)
    assert status["account"]["username"] == "bob"
    assert status["favourited"] is False  # rendered for the viewer, signed in
    await socket.disconnect()


async def test_a_stranger_gets_no_followers_only_post(alice, bob, carol, alice_token, carol_token):
    await run(follow)(follower=alice, followee=bob)
    follower = await connected("stream=user", token=alice_token)
    stranger = await connected("stream=user", token=carol_token)
    await subscribe(stranger, "public")
    post = await post_as(author=bob, text="Only for my people", visibility="followers")
    assert payload(await next_frame(follower))["id"] == str(post.id)
    assert await stranger.receive_nothing(timeout=0.3)
    await follower.disconnect()
    await stranger.disconnect()


async def test_public_streams_carry_public_posts_only(alice, bob, alice_token):
    socket = await connected("stream=public", token=alice_token)
    await subscribe(socket, "public:local")
    await post_as(author=bob, text="Quietly", visibility="unlisted")
    post = await post_as(author=bob, text="Hello, town")
    first, second = await next_frame(socket), await next_frame(socket)
    assert sorted([first["stream"], second["stream"]]) == [["public"], ["public:local"]]
    assert payload(first)["id"] == payload(second)["id"] == str(post.id)
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect()


async def test_a_hashtag_stream_gets_posts_with_that_tag(alice, bob, alice_token):
    socket = await connected(token=alice_token)
    await subscribe(socket, "hashtag", tag="Cats")
    await post_as(author=bob, text="No tag here")
    post = await post_as(author=bob, text="Look at this one #cats")
    frame = await next_frame(socket)
    assert frame["stream"] == ["hashtag", "Cats"]
    assert payload(frame)["id"] == str(post.id)
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect()


async def test_muted_and_blocked_authors_stay_out_of_public_streams(
    alice, bob, carol, alice_token, carol_token
):
    await run(mute)(muter=alice, muted=bob)
    await run(block)(blocker=carol, blocked=bob)
    muter = await connected("stream=public", token=alice_token)
    blocker = await connected("stream=public", token=carol_token)
    await post_as(author=bob, text="Can anyone hear me")
    assert await muter.receive_nothing(timeout=0.3)
    assert await blocker.receive_nothing(timeout=0.1)
    await muter.disconnect()
    await blocker.disconnect()


async def test_notifications_reach_the_user_and_notification_streams(alice, bob, alice_token):
    post = await post_as(author=alice, text="Like me")
    socket = await connected("stream=user:notification", token=alice_token)
    await database_sync_to_async(like)(account=bob, post=post)
    frame = await next_frame(socket)
    assert frame["stream"] == ["user:notification"]
    assert frame["event"] == "notification"
    notification = payload(frame)
    assert notification["type"] == "favourite"
    assert notification["account"]["username"] == "bob"
    assert notification["status"]["id"] == str(post.id)
    await socket.disconnect()


async def test_the_notification_stream_carries_no_posts(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    socket = await connected("stream=user:notification", token=alice_token)
    await post_as(author=bob, text="Not a notification")
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_deleted_post_is_retracted_where_it_was_shown(
    alice, bob, carol, alice_token, carol_token
):
    await run(follow)(follower=alice, followee=bob)
    follower = await connected("stream=user", token=alice_token)
    # carol never saw the post, so she learns nothing about its deletion.
    other = await connected("stream=user", token=carol_token)
    post = await post_as(author=bob, text="Oops", visibility="followers")
    assert (await next_frame(follower))["event"] == "update"
    await database_sync_to_async(delete_post)(actor=bob, post=post)
    frame = await next_frame(follower)
    assert frame == {"stream": ["user"], "event": "delete", "payload": str(post.id)}
    assert await other.receive_nothing(timeout=0.2)
    await follower.disconnect()
    await other.disconnect()


async def test_an_edit_is_sent_as_status_update(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    socket = await connected("stream=user", token=alice_token)
    post = await post_as(author=bob, text="Frist")
    await next_frame(socket)
    await database_sync_to_async(edit_post)(editor=bob, post=post, text="First")
    frame = await next_frame(socket)
    assert frame["event"] == "status.update"
    assert "First" in payload(frame)["content"]
    assert payload(frame)["edited_at"] is not None
    await socket.disconnect()


async def test_a_direct_post_updates_the_direct_stream_of_who_it_mentions(
    alice, bob, carol, alice_token, carol_token
):
    socket = await connected("stream=direct", token=alice_token)
    eavesdropper = await connected("stream=direct", token=carol_token)
    post = await post_as(author=bob, text="@alice just between us", visibility="direct")
    frame = await next_frame(socket)
    assert frame["stream"] == ["direct"]
    assert frame["event"] == "conversation"
    conversation = payload(frame)
    assert conversation["last_status"]["id"] == str(post.id)
    assert [account["username"] for account in conversation["accounts"]] == ["bob"]
    assert conversation["unread"] is True
    assert await eavesdropper.receive_nothing(timeout=0.2)
    await socket.disconnect()
    await eavesdropper.disconnect()


@pytest.mark.parametrize("token", ["", "not-a-token"])
async def test_a_missing_or_bad_token_closes_with_an_error(alice, token: str):
    socket = communicator("stream=public", token=token)
    is_connected, _ = await socket.connect()
    assert is_connected  # accepted only to say why, then closed
    error = await socket.receive_json_from(timeout=1)
    assert error["status"] == 401
    assert error["error"] == ("Invalid access token" if token else "Missing access token")
    assert (await socket.receive_output(timeout=1))["code"] == 4001


@pytest.fixture
def write_only_token(alice) -> str:
    return token_for(alice, "write")


async def test_a_token_without_read_scope_is_refused(write_only_token: str):
    socket = communicator("stream=user", token=write_only_token)
    await socket.connect()
    assert (await socket.receive_json_from(timeout=1))["status"] == 401
    assert (await socket.receive_output(timeout=1))["type"] == "websocket.close"


async def test_the_token_may_come_as_the_websocket_protocol(alice, bob, alice_token):
    token = alice_token
    socket = communicator("stream=public", subprotocols=[token])
    is_connected, protocol = await socket.connect()
    assert is_connected
    assert protocol == token  # echoed, or browsers drop the connection
    post = await post_as(author=bob, text="Over the protocol")
    assert payload(await next_frame(socket))["id"] == str(post.id)
    await socket.disconnect()


async def test_an_unknown_stream_answers_an_error_and_keeps_the_connection(alice, bob, alice_token):
    socket = await connected("stream=everything", token=alice_token)
    assert await socket.receive_json_from(timeout=1) == {
        "error": "Unknown stream type",
        "status": 400,
    }
    await socket.send_json_to({"type": "subscribe", "stream": "hashtag"})
    assert (await socket.receive_json_from(timeout=1))["error"] == "No tag for stream provided"
    await socket.send_to("{not json")
    assert (await socket.receive_json_from(timeout=1))["error"] == "Invalid JSON message"
    await subscribe(socket, "public")
    post = await post_as(author=bob, text="Still here")
    assert payload(await next_frame(socket))["id"] == str(post.id)
    await socket.disconnect()


async def test_unsubscribing_stops_the_stream(alice, bob, alice_token):
    socket = await connected("stream=public", token=alice_token)
    await socket.send_json_to({"type": "unsubscribe", "stream": "public"})
    await subscribe(socket, "hashtag", tag="unrelated")
    await post_as(author=bob, text="Anyone?")
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_list_stream_gets_posts_of_its_members(alice, bob, carol, alice_token):
    await run(follow)(follower=alice, followee=bob)
    await run(follow)(follower=alice, followee=carol)
    feed = await run(create_list)(owner=alice, title="Close friends")
    await run(add_to_list)(feed=feed, accounts=[bob])
    socket = await connected(f"stream=list&list={feed.id}", token=alice_token)
    await post_as(author=carol, text="Not on the list")
    post = await post_as(author=bob, text="On the list", visibility="followers")
    frame = await next_frame(socket)
    assert frame["stream"] == ["list", str(feed.id)]
    assert payload(frame)["id"] == str(post.id)
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect()


async def test_someone_elses_list_is_not_found(alice, carol, carol_token):
    feed = await run(create_list)(owner=alice, title="Mine")
    socket = await connected(f"stream=list&list={feed.id}", token=carol_token)
    assert await socket.receive_json_from() == {"error": "List not found", "status": 404}
    await socket.disconnect()
