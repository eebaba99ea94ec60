"""HomeEntriesWritten: fan-out tells the interfaces whose homes a post went into."""

from __future__ import annotations

import pytest

from townsquare.core import events
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow
from townsquare.timelines.events import HomeEntriesWritten


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[HomeEntriesWritten]:
    """The HomeEntriesWritten events delivered during the test, in order."""
    seen: list[HomeEntriesWritten] = []
    monkeypatch.setitem(events._subscribers, HomeEntriesWritten, [seen.append])
    return seen


def test_fan_out_names_the_author_and_followers(alice, bob, carol, committed, written):
    with committed():
        follow(follower=alice, followee=bob)
        post = publish_post(author=bob, text="Hello")
    owners = {owner for event in written if event.post_id == post.id for owner in event.owner_ids}
    assert owners == {alice.id, bob.id}  # carol doesn't follow bob


def test_a_direct_post_names_only_the_author_and_the_mentioned(
    alice, bob, carol, committed, written
):
    with committed():
        follow(follower=carol, followee=bob)
        post = publish_post(author=bob, text="@alice psst", visibility="direct")
    owners = {owner for event in written if event.post_id == post.id for owner in event.owner_ids}
    assert owners == {alice.id, bob.id}


def test_nothing_is_announced_without_a_commit(alice, bob, written):
    follow(follower=alice, followee=bob)
    publish_post(author=bob, text="Rolled back with the test")
    assert written == []
