"""``status`` notifications: followers who asked (``notify``) are told of new posts, privately."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.events import Event, subscribe
from townsquare.notifications import services
from townsquare.notifications.events import NotificationCreated
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.posts.models import Post
from townsquare.posts.selectors import can_see
from townsquare.posts.services import boost, publish_post
from townsquare.relationships.models import Block
from townsquare.relationships.services import block, follow, mute, unfollow

Committed = Callable[[], AbstractContextManager[Any]]

_created: list[Event] = []


def _record(event: Event) -> None:
    _created.append(event)


@pytest.fixture
def created() -> Iterator[list[Event]]:
    subscribe(NotificationCreated, _record)
    _created.clear()
    yield _created
    _created.clear()


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def statuses_of(account: Account) -> list[tuple[str, int | None]]:
    rows = Notification.objects.filter(recipient=account, kind=NotificationKind.STATUS)
    return [(n.actor.username, n.post_id) for n in rows.select_related("actor").order_by("id")]


def subscribe_to(committed: Committed, follower: Account, followee: Account) -> None:
    with committed():
        follow(follower=follower, followee=followee, notify=True)


@pytest.mark.parametrize("visibility", ["public", "unlisted", "followers"])
def test_a_notify_follower_is_told_of_a_new_post(committed, alice, bob, visibility):
    subscribe_to(committed, bob, alice)

    new = post(committed, alice, visibility=visibility)

    assert statuses_of(bob) == [("alice", new.id)]
    assert can_see(bob, new)


def test_followers_without_notify_are_not_told(committed, alice, bob, carol):
    subscribe_to(committed, bob, alice)
    with committed():
        follow(follower=carol, followee=alice)

    post(committed, alice)

    assert statuses_of(carol) == []
    assert Notification.objects.filter(recipient=alice).exclude(kind="follow").count() == 0


def test_turning_notify_off_stops_it(committed, alice, bob):
    subscribe_to(committed, bob, alice)
    with committed():
        follow(follower=bob, followee=alice, notify=False)

    post(committed, alice)

    assert statuses_of(bob) == []


def test_boosts_and_replies_to_others_tell_nobody(committed, alice, bob, carol):
    subscribe_to(committed, bob, alice)
    others = post(committed, carol, "carol's")

    with committed():
        boost(account=alice, post=others)
    post(committed, alice, "a reply", in_reply_to=others)

    assert statuses_of(bob) == []


def test_a_reply_to_oneself_continues_a_thread_and_tells(committed, alice, bob):
    subscribe_to(committed, bob, alice)
    first = post(committed, alice, "1/2")

    second = post(committed, alice, "2/2", in_reply_to=first)

    assert statuses_of(bob) == [("alice", first.id), ("alice", second.id)]


def test_a_direct_post_never_tells_through_this_path(committed, alice, bob):
    subscribe_to(committed, bob, alice)

    post(committed, alice, "psst @bob", visibility="direct")

    assert statuses_of(bob) == []
    assert Notification.objects.filter(recipient=bob, kind="mention").count() == 1


def test_someone_the_post_mentions_is_told_of_the_mention_only(committed, alice, bob):
    subscribe_to(committed, bob, alice)

    post(committed, alice, "hi @bob")

    kinds = list(Notification.objects.filter(recipient=bob).values_list("kind", flat=True))
    assert kinds == ["mention"]


def test_a_removed_follower_is_not_told_of_a_followers_only_post(committed, alice, bob):
    subscribe_to(committed, bob, alice)
    with committed():
        unfollow(follower=bob, followee=alice)  # alice removes bob from her followers

    hidden = post(committed, alice, "followers only", visibility="followers")

    assert statuses_of(bob) == []
    assert not can_see(bob, hidden)


def test_a_follower_removed_before_the_task_runs_is_not_told(alice, bob):
    follow(follower=bob, followee=alice, notify=True)
    hidden = publish_post(author=alice, text="followers only", visibility="followers")
    unfollow(follower=bob, followee=alice)

    assert services.notify_followers_of_post(post_id=hidden.id) == 0
    assert statuses_of(bob) == []


@pytest.mark.parametrize("blocker", ["author", "follower"])
def test_a_block_either_way_tells_nobody(alice, bob, blocker):
    follow(follower=bob, followee=alice, notify=True)
    new = publish_post(author=alice, text="hello")
    # Blocking ends the follow; a follow made again afterwards can't exist with the block.
    if blocker == "author":
        block(blocker=alice, blocked=bob)
    else:
        block(blocker=bob, blocked=alice)

    assert services.notify_followers_of_post(post_id=new.id) == 0
    assert statuses_of(bob) == []


def test_a_block_that_left_the_follow_in_place_still_tells_nobody(alice, bob):
    # Belt and braces: the recipients query itself leaves out blocks, not only ``block``.
    follow(follower=bob, followee=alice, notify=True)
    new = publish_post(author=alice, text="hello")
    Block.objects.create(blocker=alice, blocked=bob)

    assert services.notify_followers_of_post(post_id=new.id) == 0


def test_muting_the_author_tells_nothing(committed, alice, bob):
    subscribe_to(committed, bob, alice)
    with committed():
        mute(muter=bob, muted=alice, hide_notifications=False)

    post(committed, alice)

    assert statuses_of(bob) == []


def test_inactive_followers_are_not_told(committed, alice, bob):
    subscribe_to(committed, bob, alice)
    Account.objects.filter(pk=bob.pk).update(is_active=False)

    post(committed, alice)

    assert statuses_of(bob) == []


def test_telling_twice_notifies_once_and_announces_once(committed, alice, bob, created):
    follow(follower=bob, followee=alice, notify=True)
    new = publish_post(author=alice, text="hello")

    with committed():
        assert services.notify_followers_of_post(post_id=new.id) == 1
    with committed():
        assert services.notify_followers_of_post(post_id=new.id) == 0

    assert statuses_of(bob) == [("alice", new.id)]
    told = [event for event in created if isinstance(event, NotificationCreated)]
    assert [event.recipient_id for event in told] == [bob.pk]


def test_a_deleted_post_tells_nobody(alice, bob):
    follow(follower=bob, followee=alice, notify=True)
    new = publish_post(author=alice, text="hello")
    new_id = new.id
    Post.objects.filter(pk=new_id).delete()

    assert services.notify_followers_of_post(post_id=new_id) == 0


def _queries_to_tell(author: Account, followers: int) -> int:
    for _ in range(followers):
        follow(follower=AccountFactory.create(), followee=author, notify=True)
    new = publish_post(author=author, text="hello")
    with CaptureQueriesContext(connection) as queries:
        assert services.notify_followers_of_post(post_id=new.id) == followers
    return len(queries)


def test_the_followers_are_told_in_bulk_not_one_query_each(alice, bob):
    few = _queries_to_tell(alice, 2)
    many = _queries_to_tell(bob, 12)

    assert many == few
