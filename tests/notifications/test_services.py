"""Notifications from events: who is told what, once, and who is not."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.notifications import services
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.notifications.tasks import notify_post_published_task, notify_task
from townsquare.posts.models import Post
from townsquare.posts.services import boost, delete_post, like, publish_post, unlike
from townsquare.relationships.services import (
    approve_follow_request,
    block,
    follow,
    mute,
    unfollow,
)

Committed = Callable[[], AbstractContextManager[Any]]


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def told(account: Account) -> list[tuple[str, str, int | None]]:
    """(kind, actor, post id) of the account's notifications, oldest first."""
    rows = Notification.objects.filter(recipient=account).order_by("id")
    return [(n.kind, n.actor.username, n.post_id) for n in rows.select_related("actor")]


def test_a_follow_notifies_the_followee(committed, alice, bob):
    with committed():
        follow(follower=bob, followee=alice)
    assert told(alice) == [("follow", "bob", None)]
    assert told(bob) == []


def test_unfollowing_keeps_the_follow_notification(committed, alice, bob):
    with committed():
        follow(follower=bob, followee=alice)
        unfollow(follower=bob, followee=alice)
    assert told(alice) == [("follow", "bob", None)]


def test_a_request_then_its_approval_notify_the_target(committed, alice, bob):
    Account.objects.filter(pk=alice.pk).update(is_locked=True)
    alice.refresh_from_db()
    with committed():
        follow(follower=bob, followee=alice)
    assert told(alice) == [("follow_request", "bob", None)]
    with committed():
        approve_follow_request(target=alice, requester=bob)
    assert told(alice) == [("follow_request", "bob", None), ("follow", "bob", None)]


def test_a_mention_notifies_each_mentioned_person(committed, alice, bob, carol):
    hello = post(committed, alice, "hi @bob and @carol and @alice")
    assert told(bob) == [("mention", "alice", hello.id)]
    assert told(carol) == [("mention", "alice", hello.id)]
    assert told(alice) == []


@pytest.mark.parametrize("visibility", ["public", "unlisted", "followers", "direct"])
def test_a_mention_notifies_whatever_the_visibility(committed, alice, bob, visibility):
    hello = post(committed, alice, "hi @bob", visibility=visibility)
    assert told(bob) == [("mention", "alice", hello.id)]


def test_a_reply_notifies_the_parent_author_once(committed, alice, bob):
    parent = post(committed, alice, "question")
    answer = post(committed, bob, "answer", in_reply_to=parent)
    assert told(alice) == [("reply", "bob", answer.id)]
    mentioning = post(committed, bob, "@alice again", in_reply_to=parent)
    assert told(alice)[-1] == ("mention", "bob", mentioning.id)
    assert len(told(alice)) == 2


def test_replying_to_yourself_notifies_nobody(committed, alice):
    parent = post(committed, alice, "1/2")
    post(committed, alice, "2/2", in_reply_to=parent)
    assert told(alice) == []


def test_a_reply_the_parent_author_cannot_see_is_not_notified(committed, alice, bob, carol):
    parent = post(committed, alice, "question")
    post(committed, bob, "@carol only", visibility="direct", in_reply_to=parent)
    assert told(alice) == []


def test_a_like_notifies_the_author(committed, alice, bob):
    hello = post(committed, alice)
    with committed():
        like(account=bob, post=hello)
        like(account=alice, post=hello)
    assert told(alice) == [("favourite", "bob", hello.id)]


def test_liking_again_after_unliking_notifies_again(committed, alice, bob):
    hello = post(committed, alice)
    with committed():
        like(account=bob, post=hello)
        unlike(account=bob, post=hello)
        like(account=bob, post=hello)
    assert [kind for kind, _, _ in told(alice)] == ["favourite", "favourite"]


def test_a_boost_notifies_the_author_with_their_post(committed, alice, bob, carol):
    hello = post(committed, alice)
    with committed():
        boosted = boost(account=bob, post=hello)
        boost(account=carol, post=boosted)  # boosting a boost boosts the original
    assert told(alice) == [("reblog", "bob", hello.id), ("reblog", "carol", hello.id)]
    assert told(bob) == []  # a boost is no mention or reply


def test_the_same_event_twice_notifies_once(committed, alice, bob):
    hello = post(committed, alice, "hi @bob")
    notify_post_published_task.enqueue(hello.id)
    services.notify_post_published(post_id=hello.id)
    with committed():
        liked = like(account=bob, post=hello)
    notify_task.enqueue(alice.id, bob.id, NotificationKind.LIKE.value, liked.id, hello.id)
    assert told(bob) == [("mention", "alice", hello.id)]
    assert told(alice) == [("favourite", "bob", hello.id)]


def test_nobody_is_notified_of_themselves(alice):
    assert (
        services.notify(recipient_id=alice.id, actor_id=alice.id, kind="follow", subject_id=1)
        is None
    )
    assert told(alice) == []


def test_an_unknown_kind_is_a_programming_error(alice, bob):
    with pytest.raises(ValueError, match="unknown"):
        services.notify(recipient_id=alice.id, actor_id=bob.id, kind="poke", subject_id=1)


def test_blocked_actors_notify_nobody_either_way(committed, alice, bob, carol):
    hello = post(committed, alice)
    with committed():
        block(blocker=alice, blocked=bob)
        block(blocker=carol, blocked=alice)
    post(committed, bob, "@alice hi")
    post(committed, alice, "@carol hi")
    assert (
        services.notify(
            recipient_id=alice.id, actor_id=bob.id, kind="favourite", subject_id=7, post_id=hello.id
        )
        is None
    )
    assert told(alice) == []
    assert told(carol) == []


def test_muting_with_notifications_hidden_silences_the_actor(committed, alice, bob, carol):
    with committed():
        mute(muter=alice, muted=bob)
        mute(muter=alice, muted=carol, hide_notifications=False)
    post(committed, bob, "@alice hi")
    said = post(committed, carol, "@alice hello")
    assert told(alice) == [("mention", "carol", said.id)]


def test_an_expired_mute_silences_nobody(committed, alice, bob):
    with committed():
        muting = mute(muter=alice, muted=bob)
    type(muting).objects.filter(pk=muting.pk).update(expires_at="2000-01-01T00:00:00Z")
    said = post(committed, bob, "@alice hi")
    assert told(alice) == [("mention", "bob", said.id)]


def test_blocking_forgets_notifications_both_ways(committed, alice, bob, carol):
    hers = post(committed, alice, "hi @bob")
    with committed():
        like(account=bob, post=hers)
        like(account=carol, post=hers)
        follow(follower=alice, followee=bob)
    with committed():
        block(blocker=bob, blocked=alice)
    assert told(alice) == [("favourite", "carol", hers.id)]
    assert told(bob) == []


def test_deleting_a_post_deletes_its_notifications(committed, alice, bob):
    said = post(committed, alice, "@bob hi")
    with committed():
        delete_post(actor=alice, post=said)
    assert told(bob) == []


def test_a_notification_for_a_deleted_post_is_not_written(alice, bob):
    assert (
        services.notify(
            recipient_id=alice.id, actor_id=bob.id, kind="favourite", subject_id=1, post_id=999
        )
        is None
    )
    services.notify_post_published(post_id=999)
    assert not Notification.objects.exists()


def test_mark_all_read_and_dismiss(committed, alice, bob, carol):
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=carol, followee=alice)
        follow(follower=alice, followee=bob)
    assert services.mark_all_read(recipient=alice) == 2
    assert not Notification.objects.filter(recipient=alice, is_read=False).exists()
    assert Notification.objects.filter(recipient=bob, is_read=False).count() == 1
    assert services.mark_all_read(recipient=alice) == 0
    first = Notification.objects.filter(recipient=alice).first()
    assert first is not None
    with pytest.raises(NotFound):
        services.dismiss(recipient=bob, notification_id=first.id)
    services.dismiss(recipient=alice, notification_id=first.id)
    assert Notification.objects.filter(recipient=alice).count() == 1
    with pytest.raises(NotFound):
        services.dismiss(recipient=alice, notification_id=first.id)


def test_clear_all_deletes_only_the_recipients_notifications(committed, alice, bob, carol):
    with committed():
        follow(follower=bob, followee=alice)
        follow(follower=carol, followee=alice)
        follow(follower=alice, followee=bob)
    assert services.clear_all(recipient=alice) == 2
    assert told(alice) == []
    assert told(bob) == [("follow", "alice", None)]
    assert services.clear_all(recipient=alice) == 0


def test_one_post_tells_each_mentioned_person_by_their_own_rules(
    committed, alice, bob, carol, dave
):
    erin, frank = AccountFactory.create(username="erin"), AccountFactory.create(username="frank")
    with committed():
        block(blocker=carol, blocked=alice)
        mute(muter=dave, muted=alice)
        mute(muter=frank, muted=alice, hide_notifications=False)
    Account.objects.filter(pk=erin.pk).update(is_active=False)
    said = post(committed, alice, "@bob @carol @dave @erin @frank @alice hi", visibility="direct")
    assert told(bob) == [("mention", "alice", said.id)]
    assert told(frank) == [("mention", "alice", said.id)]
    assert told(carol) == told(dave) == told(erin) == told(alice) == []


def test_a_followers_only_reply_tells_a_parent_author_only_if_they_follow(committed, alice, bob):
    question = post(committed, bob, "question")
    answer = post(committed, alice, "answer", in_reply_to=question, visibility="followers")
    assert told(bob) == []
    with committed():
        follow(follower=bob, followee=alice)
    again = post(committed, alice, "again", in_reply_to=question, visibility="followers")
    assert ("reply", "alice", answer.id) not in told(bob)
    assert ("reply", "alice", again.id) in told(bob)


def test_mentions_are_told_in_bulk_not_a_few_queries_each(committed, alice):
    def queries_for(count: int) -> int:
        people = [AccountFactory.create() for _ in range(count)]
        text = " ".join(f"@{person.username}" for person in people)
        said = publish_post(author=alice, text=text)
        with CaptureQueriesContext(connection) as queries:
            services.notify_post_published(post_id=said.id)
        assert all(told(person) == [("mention", "alice", said.id)] for person in people)
        return len(queries)

    assert queries_for(4) == queries_for(1)
