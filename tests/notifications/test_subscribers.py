"""A new post queues only the notification work it needs."""

from __future__ import annotations

import pytest
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend

from townsquare.notifications import tasks
from townsquare.posts.services import boost, publish_post

pytestmark = pytest.mark.django_db

MENTIONS = tasks.notify_post_published_task.module_path
SUBSCRIBERS = tasks.notify_followers_of_post_task.module_path


@pytest.fixture
def queued(settings, committed):
    """The notification tasks queued while the block runs (tasks are held, not run)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)

    def run(write):
        before = len(backend.results)
        with committed():
            write()
        paths = [result.task.module_path for result in backend.results[before:]]
        return sorted(path for path in paths if path in {MENTIONS, SUBSCRIBERS})

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
