"""Events are delivered after the transaction commits, never for a write that rolled back."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import transaction

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.events import Event
from townsquare.posts.events import (
    PostBoosted,
    PostDeleted,
    PostEdited,
    PostLiked,
    PostPublished,
)
from townsquare.posts.services import (
    bookmark,
    boost,
    delete_post,
    edit_post,
    like,
    pin,
    publish_post,
    unboost,
    unlike,
)

pytestmark = pytest.mark.django_db

type Committed = Callable[[], AbstractContextManager[Any]]


class Rollback(Exception):
    pass


def test_publish_delivers_only_after_commit(
    alice: Account, committed: Committed, delivered: list[Event]
) -> None:
    with committed():
        post = publish_post(author=alice, text="hi")
        assert delivered == []
    assert delivered == [PostPublished(post_id=post.id, author_id=alice.id, reach=0)]


def test_a_post_reaches_its_authors_followers_and_the_people_it_mentions(
    alice: Account, bob: Account, carol: Account, committed: Committed, delivered: list[Event]
) -> None:
    Account.objects.filter(pk=alice.pk).update(followers_count=7)
    alice.refresh_from_db()
    with committed():
        publish_post(author=alice, text="hi @bob and @carol")
    assert [event.audience() for event in delivered] == [9]
    assert [event.audience() for event in [PostPublished(post_id=1, author_id=alice.id)]] == [None]


def test_nothing_is_delivered_without_a_commit(alice: Account, delivered: list[Event]) -> None:
    publish_post(author=alice, text="hi")
    assert delivered == []


def test_nothing_is_delivered_when_the_transaction_rolls_back(
    alice: Account, bob: Account, committed: Committed, delivered: list[Event]
) -> None:
    post = publish_post(author=alice, text="hi")
    with committed(), pytest.raises(Rollback), transaction.atomic():
        publish_post(author=alice, text="rolled back")
        like(account=bob, post=post)
        raise Rollback
    assert delivered == []


def test_a_failed_write_delivers_nothing(
    alice: Account, committed: Committed, delivered: list[Event]
) -> None:
    with committed(), pytest.raises(ValidationFailed):
        publish_post(author=alice, text="")
    assert delivered == []


def test_each_write_delivers_its_event(
    alice: Account, bob: Account, committed: Committed, delivered: list[Event]
) -> None:
    with committed():
        post = publish_post(author=alice, text="hi")
    with committed():
        edit_post(editor=alice, post=post, text="hello")
    with committed():
        liked = like(account=bob, post=post)
        like(account=bob, post=post)
    with committed():
        shared = boost(account=bob, post=post)
        boost(account=bob, post=post)
    assert delivered[1:] == [
        PostEdited(post_id=post.id, author_id=alice.id),
        PostLiked(like_id=liked.id, post_id=post.id, account_id=bob.id, author_id=alice.id),
        PostBoosted(boost_id=shared.id, post_id=post.id, account_id=bob.id, author_id=alice.id),
        PostPublished(post_id=shared.id, author_id=bob.id, is_boost=True, reach=0),
    ]


def test_undoing_and_deleting_deliver_deletions(
    alice: Account, bob: Account, carol: Account, committed: Committed, delivered: list[Event]
) -> None:
    post = publish_post(author=alice, text="hi")
    bob_boost = boost(account=bob, post=post)
    carol_boost = boost(account=carol, post=post)
    like(account=bob, post=post)
    with committed():
        unlike(account=bob, post=post)
        unboost(account=bob, post=post)
        unboost(account=bob, post=post)
    assert delivered == [PostDeleted(post_id=bob_boost.id, author_id=bob.id)]
    delivered.clear()
    with committed():
        delete_post(actor=alice, post=post)
    assert delivered == [
        PostDeleted(post_id=carol_boost.id, author_id=carol.id),
        PostDeleted(post_id=post.id, author_id=alice.id, visibility="public"),
    ]


def test_quiet_writes_deliver_nothing(
    alice: Account, bob: Account, committed: Committed, delivered: list[Event]
) -> None:
    post = publish_post(author=alice, text="hi")
    with committed():
        bookmark(account=bob, post=post)
        pin(account=alice, post=post)
        edit_post(editor=alice, post=post, text="hi")
    assert delivered == []


def test_events_are_frozen_and_carry_ids(alice: Account) -> None:
    event = PostPublished(post_id=1, author_id=alice.id)
    with pytest.raises(AttributeError):
        event.post_id = 2  # type: ignore[misc]
    assert isinstance(event, Event)
