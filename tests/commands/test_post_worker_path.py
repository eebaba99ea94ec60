"""A post's background work through the real queue: one task, run by the worker, once."""

from __future__ import annotations

import pytest
from django.db.backends.signals import connection_created
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import AccountFactory
from townsquare.core.events import run_background_handlers
from townsquare.notifications.models import Notification
from townsquare.posts.services import publish_post
from townsquare.relationships.models import Follow
from townsquare.search.query import parse
from townsquare.search.selectors import search_posts
from townsquare.timelines.models import TimelineEntry
from townsquare.web.management.task_worker import new_worker

pytestmark = pytest.mark.django_db(transaction=True)

POST_TASK = "townsquare.core.tasks.run_background_handlers_task"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def drain() -> None:
    new_worker(identifier="test-worker", batch=True).run()


def test_a_post_reaches_homes_notifications_and_search_through_one_task(database_queue):
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


def test_the_worker_drains_a_burst_on_one_database_connection(database_queue):
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
