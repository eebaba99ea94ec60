"""Statuses on streams say which of the viewer's filters they match: ``filtered``.

``user`` and ``list`` streams match in the home context, public and hashtag streams in
the public one, as the REST timelines do.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.api.streaming.conftest import connected, next_frame, payload, subscribe
from townsquare.filters.services import KeywordChange, create_filter
from townsquare.posts.services import edit_post, publish_post
from townsquare.relationships.services import follow
from townsquare.timelines.services import add_to_list, create_list

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

post_as = database_sync_to_async(publish_post)
run = database_sync_to_async


async def _filter(account, *contexts: str, word: str = "bread", action: str = "warn"):
    return await run(create_filter)(
        account=account,
        title="No bread",
        contexts=list(contexts),
        action=action,
        keywords=[KeywordChange(keyword=word)],
    )


def _titles(frame) -> list[tuple[str, list[str]]]:
    return [(hit["filter"]["title"], hit["keyword_matches"]) for hit in payload(frame)["filtered"]]


async def test_the_user_stream_matches_in_the_home_context(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    await _filter(alice, "home", action="hide")
    socket = await connected("stream=user", token=alice_token)
    await post_as(author=bob, text="Fresh bread at the market")
    await post_as(author=bob, text="Fresh fish at the market")
    matched, plain = await next_frame(socket), await next_frame(socket)
    assert _titles(matched) == [("No bread", ["bread"])]
    assert payload(matched)["filtered"][0]["filter"]["filter_action"] == "hide"
    assert payload(plain)["filtered"] == []
    await socket.disconnect()


async def test_public_streams_match_in_the_public_context_only(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    await _filter(alice, "public")
    socket = await connected("stream=user", token=alice_token)
    await subscribe(socket, "public")
    await subscribe(socket, "hashtag", tag="baking")
    await post_as(author=bob, text="Fresh bread #baking")
    frames = {tuple(frame["stream"]): frame for frame in [await next_frame(socket) for _ in "abc"]}
    assert _titles(frames[("public",)]) == [("No bread", ["bread"])]
    assert _titles(frames[("hashtag", "baking")]) == [("No bread", ["bread"])]
    assert payload(frames[("user",)])["filtered"] == []  # not a home filter
    await socket.disconnect()


async def test_the_list_stream_matches_in_the_home_context(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    feed = await run(create_list)(owner=alice, title="Friends")
    await run(add_to_list)(feed=feed, accounts=[bob])
    await _filter(alice, "home")
    socket = await connected(f"stream=list&list={feed.id}", token=alice_token)
    await post_as(author=bob, text="Fresh bread")
    frame = await next_frame(socket)
    assert frame["stream"] == ["list", str(feed.id)]
    assert _titles(frame) == [("No bread", ["bread"])]
    await socket.disconnect()


async def test_an_edit_is_matched_again(alice, bob, alice_token):
    await run(follow)(follower=alice, followee=bob)
    await _filter(alice, "home")
    socket = await connected("stream=user", token=alice_token)
    post = await post_as(author=bob, text="Fresh fish")
    assert payload(await next_frame(socket))["filtered"] == []
    await run(edit_post)(editor=bob, post=post, text="Fresh bread")
    frame = await next_frame(socket)
    assert frame["event"] == "status.update"
    assert _titles(frame) == [("No bread", ["bread"])]
    await socket.disconnect()


async def test_each_viewer_gets_their_own_matches(alice, bob, carol, alice_token, carol_token):
    await _filter(alice, "public")
    mine = await connected("stream=public", token=alice_token)
    theirs = await connected("stream=public", token=carol_token)
    await post_as(author=bob, text="Fresh bread")
    assert _titles(await next_frame(mine)) == [("No bread", ["bread"])]
    assert payload(await next_frame(theirs))["filtered"] == []
    for socket in (mine, theirs):
        await socket.disconnect()
