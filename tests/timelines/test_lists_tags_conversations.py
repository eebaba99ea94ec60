"""Lists, followed hashtags and conversation marks: the services and selectors behind them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.pagination import PageRequest
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.services import follow, mute
from townsquare.timelines import selectors, services
from townsquare.timelines.models import ConversationMark, FollowedTag

Committed = Callable[[], AbstractContextManager[Any]]


def post(committed: Committed, author: Account, text: str, **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def listed(feed: Any) -> list[str]:
    return [p.text for p in selectors.list_timeline(feed, PageRequest()).items]


@pytest.mark.parametrize(
    ("policy", "shown"),
    [
        ("list", ["to carol", "to me", "own"]),
        ("followed", ["to dave", "to carol", "to me", "own"]),
        ("none", ["own"]),
    ],
)
def test_the_replies_policy_decides_which_replies_a_list_shows(
    committed, alice, bob, carol, dave, policy, shown
):
    with committed():
        for person in (bob, carol, dave):
            follow(follower=alice, followee=person)
    feed = services.create_list(owner=alice, title="Bob and Carol", replies_policy=policy)
    services.add_to_list(feed=feed, accounts=[bob, carol])
    own = post(committed, bob, "own")
    post(committed, bob, "to me", in_reply_to=post(committed, alice, "mine"))
    post(committed, bob, "to carol", in_reply_to=post(committed, carol, "carol's"))
    post(committed, bob, "to dave", in_reply_to=post(committed, dave, "dave's"))
    carol_texts = {"carol's"}
    assert [text for text in listed(feed) if text not in carol_texts] == shown
    assert own.id in {p.id for p in selectors.list_timeline(feed, PageRequest()).items}


def test_list_timelines_leave_out_muted_boosts_and_direct_posts(committed, alice, bob, carol):
    with committed():
        follow(follower=alice, followee=bob)
        mute(muter=alice, muted=carol)
    feed = services.create_list(owner=alice, title="Bob")
    services.add_to_list(feed=feed, accounts=[bob])
    by_carol = post(committed, carol, "muted")
    with committed():
        boost(account=bob, post=by_carol)
    post(committed, bob, "@carol direct", visibility="direct")
    post(committed, bob, "visible")
    assert listed(feed) == ["visible"]


def test_lists_belong_to_their_owner_and_are_capped(alice, bob):
    feed = services.create_list(owner=alice, title="  Mine  ")
    assert feed.title == "Mine"
    assert selectors.access_list(feed.id, owner=alice) == feed
    with pytest.raises(NotFound):
        selectors.access_list(feed.id, owner=bob)
    with pytest.raises(ValidationFailed, match="only add people you follow"):
        services.add_to_list(feed=feed, accounts=[bob])
    services.update_list(feed=feed, is_exclusive=True)
    feed.refresh_from_db()
    assert (feed.title, feed.is_exclusive) == ("Mine", True)
    services.delete_list(feed=feed)
    assert not selectors.lists_of(alice).exists()


def test_following_a_tag_is_idempotent_and_reversible(committed, alice, bob):
    post(committed, bob, "#Birds")
    tag = Hashtag.objects.get(name="birds")
    first = services.follow_tag(account=alice, hashtag=tag)
    assert services.follow_tag(account=alice, hashtag=tag) == first
    assert list(selectors.followed_tags(alice)) == [tag]
    assert selectors.followed_tag_ids(alice, [tag]) == {tag.id}
    assert selectors.followed_tag_ids(None, [tag]) == set()
    services.unfollow_tag(account=alice, hashtag=tag)
    assert not FollowedTag.objects.exists()


def test_followed_tags_reach_home_without_hidden_authors(committed, alice, bob, carol):
    post(committed, carol, "#birds first")
    tag = Hashtag.objects.get(name="birds")
    services.follow_tag(account=alice, hashtag=tag)
    seen = post(committed, bob, "a robin #birds")
    with committed():
        mute(muter=alice, muted=carol)
    post(committed, carol, "#birds muted")
    assert [p.id for p in selectors.home(alice, PageRequest()).items] == [seen.id]


def test_conversation_marks_never_move_back(alice):
    services.mark_conversation(owner=alice, root_id=1, read_up_to=10)
    services.mark_conversation(owner=alice, root_id=1, read_up_to=5, hidden_up_to=7)
    mark = ConversationMark.objects.get(owner=alice, root_id=1)
    assert (mark.read_up_to, mark.hidden_up_to) == (10, 7)


def test_conversation_participants_come_only_from_posts_the_viewer_sees(
    committed, alice, bob, carol
):
    root = post(committed, alice, "@bob hi", visibility="direct")
    post(committed, alice, "@carol aside", visibility="direct", in_reply_to=root)
    found = selectors.access_conversation(root.id, viewer=bob)
    assert [account.username for account in found.participants] == ["alice"]
    assert found.last_post.id == root.id
    with pytest.raises(NotFound):
        selectors.access_conversation(root.id + 1, viewer=bob)
