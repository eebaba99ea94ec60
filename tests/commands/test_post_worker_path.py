"""A post's background work: in the request for a small audience, else one queued task.

Through the real queue: one task, run by the worker, once.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.db.backends.signals import connection_created
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core.events import run_background_handlers
from townsquare.notifications.models import Notification
from townsquare.posts.services import publish_post
from townsquare.relationships.models import Follow
from townsquare.search import services as search_services
from townsquare.search.query import parse
from townsquare.search.selectors import search_posts
from townsquare.timelines import services as timeline_services
from townsquare.timelines.models import TimelineEntry
from townsquare.web.management.task_worker import new_worker

pytestmark = pytest.mark.django_db(transaction=True)

POST_TASK = "townsquare.core.tasks.run_background_handlers_task"


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # One post in 32 (by its id) also queues a trim of its homes (tests/timelines): these
    # tests count the tasks of a post's own work.
    monkeypatch.setattr(timeline_services, "is_trim_turn", lambda post_id: False)


@pytest.fixture
def inline_limit(settings):
    """Audiences below this are served in the request (0: every post is queued)."""

    def set_limit(limit: int) -> None:
        settings.TOWNSQUARE = {**settings.TOWNSQUARE, "INLINE_AUDIENCE_LIMIT": limit}

    return set_limit


def drain() -> None:
    new_worker(identifier="test-worker", batch=True).run()


def test_a_post_reaches_homes_notifications_and_search_through_one_task(
    database_queue, inline_limit
):
    inline_limit(0)
    alice = AccountFactory.create(username="alice")
    dave = AccountFactory.create(username="dave")
    followers = AccountFactory.create_batch(5)
    for number, follower in enumerate(followers):
        # The first asked to be told of alice's posts (the bell in Mastodon).
        Follow.objects.create(follower=follower, followee=alice, notify=number == 0)
    stranger = AccountFactory.create()

    post = publish_post(author=alice, text="Marmalade for @dave")

    queued = list(DBTaskResult.objects.all())
    assert [task.task_path for task in queued] == [POST_TASK]
    assert not TimelineEntry.objects.filter(post=post).exclude(owner=alice).exists()
    drain()
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    homes = set(TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True))
    assert homes == {alice.pk, *(follower.pk for follower in followers)}
    assert stranger.pk not in homes
    told = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert told == sorted([("dave", "mention"), (followers[0].username, "status")])
    assert [found.id for found in search_posts(None, parse("marmalade"))] == [post.id]

    # A retry (a worker died after running it) changes nothing: every step is idempotent.
    run_background_handlers(*task.args_kwargs["args"])
    assert TimelineEntry.objects.filter(post=post).count() == len(homes)
    assert Notification.objects.count() == 2
    assert [found.id for found in search_posts(None, parse("marmalade"))] == [post.id]
    assert dave.pk not in homes


def test_the_worker_drains_a_burst_on_one_database_connection(database_queue, inline_limit):
    inline_limit(0)
    alice = AccountFactory.create(username="alice")
    follower = AccountFactory.create()
    Follow.objects.create(follower=follower, followee=alice)
    posts = [publish_post(author=alice, text=f"Post {number}") for number in range(5)]
    opened: list[object] = []

    def count(sender: object, connection: object, **kwargs: object) -> None:
        opened.append(connection)

    connection_created.connect(count)
    try:
        drain()
    finally:
        connection_created.disconnect(count)
    # django-tasks-db's own loop reconnected around every task (CONN_MAX_AGE = 0).
    assert len(opened) <= 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 5
    home = set(TimelineEntry.objects.filter(owner=follower).values_list("post_id", flat=True))
    assert home == {post.id for post in posts}


def followed_by(author: Account, count: int, *, bell_for_first: bool = False) -> list[Account]:
    """``count`` new followers of ``author``, counted (the follow service would queue tasks)."""
    followers = AccountFactory.create_batch(count)
    for number, follower in enumerate(followers):
        Follow.objects.create(
            follower=follower, followee=author, notify=bell_for_first and not number
        )
    Account.objects.filter(pk=author.pk).update(followers_count=count)
    author.refresh_from_db()
    return followers


def test_a_small_audience_is_served_in_the_request_with_no_task(database_queue, inline_limit):
    inline_limit(10)
    alice = AccountFactory.create(username="alice")
    AccountFactory.create(username="dave")
    followers = followed_by(alice, 3, bell_for_first=True)

    post = publish_post(author=alice, text="Marmalade for @dave")

    assert not DBTaskResult.objects.exists()
    homes = set(TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True))
    assert homes == {alice.pk, *(follower.pk for follower in followers)}
    told = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert told == sorted([("dave", "mention"), (followers[0].username, "status")])
    assert [found.id for found in search_posts(None, parse("marmalade"))] == [post.id]


def test_an_audience_past_the_limit_still_queues_one_task(database_queue, inline_limit):
    inline_limit(2)
    alice = AccountFactory.create(username="alice")
    followers = followed_by(alice, 3)

    post = publish_post(author=alice, text="Marmalade")

    assert [task.task_path for task in DBTaskResult.objects.all()] == [POST_TASK]
    assert not TimelineEntry.objects.filter(post=post).exclude(owner=alice).exists()
    drain()
    homes = set(TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True))
    assert homes == {alice.pk, *(follower.pk for follower in followers)}


def test_an_inline_failure_falls_back_to_the_queue_and_nothing_is_done_twice(
    database_queue, inline_limit, monkeypatch
):
    inline_limit(10)
    alice = AccountFactory.create(username="alice")
    followers = followed_by(alice, 2, bell_for_first=True)
    # Indexing runs last, after fan-out and notifications have written their rows.
    calls: list[int] = []
    index_post = search_services.index_post

    def index_once_failing(*, post_id: int) -> None:
        calls.append(post_id)
        if len(calls) == 1:
            raise DatabaseError("the index is busy")
        index_post(post_id=post_id)

    monkeypatch.setattr(search_services, "index_post", index_once_failing)

    post = publish_post(author=alice, text="Marmalade")

    # Nothing of the failed run stays: the queued task starts from scratch.
    assert [task.task_path for task in DBTaskResult.objects.all()] == [POST_TASK]
    assert not TimelineEntry.objects.filter(post=post).exclude(owner=alice).exists()
    assert not Notification.objects.exists()
    drain()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    homes = list(TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True))
    assert sorted(homes) == sorted([alice.pk, *(follower.pk for follower in followers)])
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (followers[0].pk, "status")
    ]
    assert [found.id for found in search_posts(None, parse("marmalade"))] == [post.id]
