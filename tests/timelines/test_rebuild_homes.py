"""Rebuilding homes in bulk gives what fan-out would have written, newest first, capped."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.services import block, follow
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.services import rebuild_homes

Committed = Callable[[], AbstractContextManager[Any]]


def home_of(account: Account) -> set[int]:
    return set(TimelineEntry.objects.filter(owner=account).values_list("post_id", flat=True))


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def test_rebuilt_homes_hold_what_fan_out_wrote(committed, alice, bob, carol, dave):
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=bob, followee=carol)
        follow(follower=carol, followee=alice)
    first = post(committed, alice, "one")
    post(committed, alice, "for followers", visibility="followers")
    post(committed, carol, "carol here")
    post(committed, dave, "nobody follows dave")
    reply = post(
        committed, alice, "to dave", in_reply_to=Post.objects.get(text="nobody follows dave")
    )
    with committed():
        boost(account=carol, post=first)
    owners = [alice, bob, carol, dave]
    by_fan_out = {owner.id: home_of(owner) for owner in owners}
    assert reply.id not in by_fan_out[bob.id]  # a reply to a stranger stays out: a real rule
    TimelineEntry.objects.all().delete()

    written = rebuild_homes(owner_ids=[owner.id for owner in owners])

    assert {owner.id: home_of(owner) for owner in owners} == by_fan_out
    assert written == sum(len(home) for home in by_fan_out.values())


def test_a_rebuild_replaces_stale_entries_and_leaves_out_blocked_authors(
    committed, alice, bob, carol
):
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=bob, followee=carol)
    kept = post(committed, alice, "kept")
    hidden = post(committed, carol, "hidden after the block")
    with committed():
        block(blocker=bob, blocked=carol)
    stale = post(committed, carol, "not followed any more")
    TimelineEntry.objects.create(owner=bob, post=stale, author_id=carol.id)

    rebuild_homes(owner_ids=[bob.id])

    assert home_of(bob) == {kept.id}
    assert hidden.id not in home_of(bob)


def test_a_rebuilt_home_keeps_only_the_newest_posts(committed, alice, bob):
    with committed():
        follow(follower=bob, followee=alice)
    posts = [post(committed, alice, f"post {number}") for number in range(5)]

    assert rebuild_homes(owner_ids=[bob.id], limit=3) == 3

    assert home_of(bob) == {p.id for p in posts[-3:]}


def test_a_missing_or_inactive_owner_gets_an_empty_home(committed, alice, bob):
    with committed():
        follow(follower=bob, followee=alice)
    post(committed, alice)
    Account.objects.filter(id=bob.id).update(is_active=False)

    assert rebuild_homes(owner_ids=[bob.id, 999]) == 0
    assert home_of(bob) == set()
