"""Search shows a post only to those who may see it (QUALITY.md's privacy table, search column)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from tests.search.conftest import Publisher
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile
from townsquare.posts.services import delete_post, edit_post
from townsquare.relationships.services import block, follow
from townsquare.search.query import parse
from townsquare.search.selectors import search_posts

Committed = Callable[[], AbstractContextManager[Any]]


def found(viewer: Account | None, text: str) -> list[int]:
    return [post.id for post in search_posts(viewer, parse(text))]


def test_followers_only_post(
    publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=bob, followee=alice)
    post = publish(alice, "secret picnic", visibility="followers")
    assert found(bob, "picnic") == [post.id]
    assert found(alice, "picnic") == [post.id]
    assert found(carol, "picnic") == []
    assert found(None, "picnic") == []


def test_direct_post_only_for_participants(
    publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=carol, followee=alice)
    post = publish(alice, "@bob the surprise party", visibility="direct")
    assert found(bob, "surprise party") == [post.id]
    assert found(alice, "surprise party") == [post.id]
    assert found(carol, "surprise party") == []
    assert found(None, "surprise party") == []


def test_blocked_either_way_never(
    publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    post = publish(alice, "public lighthouse photo")
    block(blocker=alice, blocked=bob)
    block(blocker=carol, blocked=alice)
    assert found(bob, "lighthouse") == []
    assert found(carol, "lighthouse") == []
    assert found(None, "lighthouse") == [post.id]


def test_opted_out_account_never(
    publish: Publisher, committed: Committed, alice: Account, bob: Account
) -> None:
    post = publish(alice, "my quiet garden")
    assert found(bob, "garden") == [post.id]
    with committed():
        update_profile(account=alice, is_indexable=False)
    assert found(bob, "garden") == []
    assert found(alice, "garden") == []
    assert found(bob, "from:alice") == []
    later = publish(alice, "another quiet garden")
    assert found(bob, "garden") == []
    with committed():
        update_profile(account=alice, is_indexable=True)
    assert set(found(bob, "garden")) == {post.id, later.id}


def test_deleted_post_never(publish: Publisher, committed: Committed, alice: Account) -> None:
    post = publish(alice, "ephemeral thought")
    with committed():
        delete_post(actor=alice, post=post)
    assert found(alice, "ephemeral") == []


def test_edited_post_found_by_new_words_not_old(
    publish: Publisher, committed: Committed, alice: Account, bob: Account
) -> None:
    post = publish(alice, "meeting on monday")
    with committed():
        edit_post(editor=alice, post=post, text="meeting on friday", spoiler_text="schedule")
    assert found(bob, "friday") == [post.id]
    assert found(bob, "schedule") == [post.id]
    assert found(bob, "monday") == []


def test_deactivated_author_never(publish: Publisher, alice: Account, bob: Account) -> None:
    publish(alice, "farewell post")
    Account.objects.filter(pk=alice.pk).update(is_active=False)
    assert found(bob, "farewell") == []
