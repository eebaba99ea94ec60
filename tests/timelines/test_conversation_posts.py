"""``conversation_posts``: the direct posts of one conversation, as one participant sees them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block
from townsquare.timelines import selectors

Committed = Callable[[], AbstractContextManager[Any]]


def dm(committed: Committed, author: Account, text: str, **options: Any) -> Post:
    with committed():
        return publish_post(author=author, text=text, visibility="direct", **options)


def texts(viewer: Account, root: Post) -> list[str]:
    found = selectors.access_conversation(root.id, viewer=viewer)
    return [post.text for post in selectors.conversation_posts(found, viewer)]


def test_oldest_first_and_only_what_each_participant_may_see(committed, alice, bob, carol) -> None:
    root = dm(committed, alice, "@bob @carol one")
    two = dm(committed, bob, "@alice two", in_reply_to=root)  # carol is not addressed
    dm(committed, alice, "@bob @carol three", in_reply_to=two)
    dm(committed, alice, "@bob elsewhere")

    assert texts(bob, root) == ["@bob @carol one", "@alice two", "@bob @carol three"]
    assert texts(carol, root) == ["@bob @carol one", "@bob @carol three"]


def test_posts_of_blocked_people_are_left_out(committed, alice, bob, carol) -> None:
    root = dm(committed, alice, "@bob @carol hello")
    dm(committed, carol, "@alice @bob from carol", in_reply_to=root)
    block(blocker=bob, blocked=carol)
    assert texts(bob, root) == ["@bob @carol hello"]
