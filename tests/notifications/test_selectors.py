"""Reading notifications: visible ones only, newest first, page by page."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.pagination import PageRequest
from townsquare.notifications import services
from townsquare.notifications.selectors import notifications_for, unread_count
from townsquare.posts.models import Post
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import block, follow, unblock, unfollow

Committed = Callable[[], AbstractContextManager[Any]]
FIRST = PageRequest()


def post(committed: Committed, author: Account, text: str = "hello", **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, **options)


def kinds(viewer: Account, page: PageRequest = FIRST, only: set[str] | None = None) -> list[str]:
    return [n.kind for n in notifications_for(viewer, page, only).items]


@pytest.fixture
def busy_alice(committed, alice: Account, bob, carol) -> Account:
    """Alice is followed, mentioned, replied to and liked, in that order."""
    hello = post(committed, alice, "hello")
    with committed():
        follow(follower=bob, followee=alice)
    post(committed, carol, "hi @alice")
    post(committed, bob, "answer", in_reply_to=hello)
    with committed():
        like(account=carol, post=hello)
    return alice


def test_newest_first_with_actor_and_post_loaded(busy_alice, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        page = notifications_for(busy_alice, FIRST)
        rendered = [
            (n.kind, n.actor.username, n.post.author.username if n.post else None)
            for n in page.items
        ]
    assert rendered == [
        ("favourite", "carol", "alice"),
        ("reply", "bob", "bob"),
        ("mention", "carol", "carol"),
        ("follow", "bob", None),
    ]


def test_filter_by_kinds(busy_alice):
    assert kinds(busy_alice, only={"mention", "reply"}) == ["reply", "mention"]
    assert kinds(busy_alice, only=set()) == []
    assert kinds(busy_alice, only={"nonsense"}) == []


def test_paging(busy_alice):
    first = notifications_for(busy_alice, PageRequest(limit=3))
    rest = notifications_for(busy_alice, PageRequest(max_id=first.next_max_id, limit=3))
    assert [n.kind for n in first.items] + [n.kind for n in rest.items] == kinds(busy_alice)
    newer = notifications_for(busy_alice, PageRequest(min_id=rest.items[0].id, limit=1))
    assert [n.id for n in newer.items] == [first.items[-1].id]
    assert len(notifications_for(busy_alice, PageRequest(limit=-1)).items) == 1


def test_notifications_are_private(busy_alice):
    assert kinds(AccountFactory.create()) == []


def test_a_deactivated_actor_or_author_hides_the_notification(busy_alice, carol):
    Account.objects.filter(pk=carol.pk).update(is_active=False)
    assert kinds(busy_alice) == ["reply", "follow"]


def test_a_post_no_longer_visible_hides_its_notification(committed, alice, carol):
    parent = post(committed, alice, "question")
    with committed():
        follow(follower=alice, followee=carol)
    answer = post(committed, carol, "for my followers", visibility="followers", in_reply_to=parent)
    assert [(n.kind, n.post_id) for n in notifications_for(alice, FIRST).items] == [
        ("reply", answer.id)
    ]
    with committed():
        unfollow(follower=alice, followee=carol)
    assert kinds(alice) == []


def test_a_block_hides_notifications_until_lifted(busy_alice, bob):
    # Without its after-commit work the block leaves the rows; reading still hides them.
    block(blocker=busy_alice, blocked=bob)
    assert kinds(busy_alice) == ["favourite", "mention"]
    unblock(blocker=busy_alice, blocked=bob)
    assert kinds(busy_alice) == ["favourite", "reply", "mention", "follow"]


def test_unread_count_and_mark_all_read(busy_alice, bob):
    assert unread_count(busy_alice) == 4
    assert unread_count(bob) == 0
    services.mark_all_read(recipient=busy_alice)
    assert unread_count(busy_alice) == 0
