"""A new post does only the notification work it needs (in the post's background task)."""

from __future__ import annotations

import pytest

from townsquare.notifications import services
from townsquare.posts.services import boost, publish_post

pytestmark = pytest.mark.django_db

MENTIONS = "notify_post_published"
SUBSCRIBERS = "notify_followers_of_post"


@pytest.fixture
def queued(monkeypatch, committed):
    """The notification services the post's background work called while the block ran."""
    calls: list[str] = []
    for name in (MENTIONS, SUBSCRIBERS):
        original = getattr(services, name)

        def record(*, post_id: int, _name: str = name, _original=original) -> None:
            calls.append(_name)
            _original(post_id=post_id)

        monkeypatch.setattr(services, name, record)

    def run(write):
        before = len(calls)
        with committed():
            write()
        return sorted(calls[before:])

    return run


def test_a_plain_post_queues_only_the_followers_notice(queued, alice):
    assert queued(lambda: publish_post(author=alice, text="Morning")) == [SUBSCRIBERS]


def test_a_post_mentioning_someone_queues_both(queued, alice, bob):
    assert queued(lambda: publish_post(author=alice, text="Hi @bob")) == sorted(
        [MENTIONS, SUBSCRIBERS]
    )


def test_a_reply_to_someone_else_tells_them_and_not_the_followers(queued, alice, bob):
    question = publish_post(author=bob, text="Question")
    reply = queued(lambda: publish_post(author=alice, text="Answer", in_reply_to=question))
    assert reply == [MENTIONS]


def test_a_direct_message_never_tells_the_followers(queued, alice, bob):
    sent = queued(lambda: publish_post(author=alice, text="@bob psst", visibility="direct"))
    assert sent == [MENTIONS]


def test_a_boost_queues_no_post_notifications(queued, alice, bob):
    original = publish_post(author=bob, text="Share me")
    assert queued(lambda: boost(account=alice, post=original)) == []
