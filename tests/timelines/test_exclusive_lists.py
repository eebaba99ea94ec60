"""Exclusive lists: their members are read in the list, not in home (as in Mastodon)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from townsquare.accounts.models import Account
from townsquare.core.pagination import PageRequest
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.services import follow
from townsquare.timelines import selectors, services

Committed = Callable[[], AbstractContextManager[Any]]


def post(committed: Committed, author: Account, text: str) -> Post:
    with committed():
        return publish_post(author=author, text=text)


def home_texts(viewer: Account) -> list[str]:
    return [p.text for p in selectors.home(viewer, PageRequest()).items]


def test_members_of_an_exclusive_list_stay_out_of_home(committed, alice, bob, carol):
    with committed():
        follow(follower=alice, followee=bob)
        follow(follower=alice, followee=carol)
    feed = services.create_list(owner=alice, title="Bob", is_exclusive=True)
    services.add_to_list(feed=feed, accounts=[bob])
    post(committed, bob, "bob in his list")
    post(committed, carol, "carol at home")
    with committed():
        boost(account=bob, post=post(committed, carol, "boosted by bob"))

    assert home_texts(alice) == ["boosted by bob", "carol at home"]
    listed = [p.text for p in selectors.list_timeline(feed, PageRequest()).items]
    assert "bob in his list" in listed


def test_an_ordinary_list_leaves_home_alone_until_made_exclusive(committed, alice, bob):
    with committed():
        follow(follower=alice, followee=bob)
    feed = services.create_list(owner=alice, title="Bob")
    services.add_to_list(feed=feed, accounts=[bob])
    post(committed, bob, "hello")
    assert home_texts(alice) == ["hello"]

    services.update_list(feed=feed, is_exclusive=True)
    assert home_texts(alice) == []
    assert selectors.exclusive_list_member_ids(alice) == {bob.pk}
    # Someone else's exclusive list changes nothing for alice's own home.
    assert selectors.exclusive_list_member_ids(bob) == set()


def test_another_persons_exclusive_list_changes_nothing_for_me(committed, alice, bob, carol):
    with committed():
        follow(follower=alice, followee=carol)
        follow(follower=bob, followee=carol)
    feed = services.create_list(owner=bob, title="Carol", is_exclusive=True)
    services.add_to_list(feed=feed, accounts=[carol])
    post(committed, carol, "for everyone")
    assert home_texts(alice) == ["for everyone"]
    assert home_texts(bob) == []
