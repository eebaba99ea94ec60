"""The scale mode on loopback: two web processes and two workers, one PostgreSQL, one Redis.

A post made through one web process is fanned out by whichever worker claims the task,
exactly once (one task row, run once; one home entry per follower), and a follower
streaming from the OTHER web process receives it: the channel layer is Redis, so the
worker's publish reaches a connection it has never seen.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.api.conftest import token_for
from tests.conftest import skip_or_fail
from tests.factories import AccountFactory
from townsquare.bench.processes import cluster, mode_environment
from townsquare.core.events import event_name
from townsquare.posts.events import PostPublished
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FOLLOWERS = 12
POSTS = 4
PATIENCE_S = 30.0
# A post's fan-out, notifications and indexing run in one task (``subscribe_in_background``).
POST_TASK = "townsquare.core.tasks.run_background_handlers_task"


def _services() -> tuple[str, str]:
    """The test database and Redis as URLs the child processes can use."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "The multi-process test needs PostgreSQL + Redis (it runs in `make test-postgres`); "
            "SQLite is the embedded mode, one web process with its worker inside."
        )
    redis_url = str(settings.CACHES["default"].get("LOCATION", ""))
    if not redis_url.startswith("redis"):
        skip_or_fail("The multi-process test needs Redis (REDIS_URL) next to PostgreSQL")
    db = connection.settings_dict
    password = urllib.parse.quote(str(db.get("PASSWORD") or ""))
    user = urllib.parse.quote(str(db.get("USER") or ""))
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{auth}{host}/{db['NAME']}", redis_url


def _post(url: str, token: str, text: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (our own loopback server)
        f"{url}/api/v1/statuses",
        data=urllib.parse.urlencode({"status": text, "visibility": "public"}).encode(),
        headers={"Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return int(json.loads(answer.read())["id"])


def _listen(url: str, token: str, events: queue.Queue[dict[str, str]], ready: threading.Event):
    """Read the follower's user stream (SSE) and queue every ``update`` event."""
    request = urllib.request.Request(  # noqa: S310 (our own loopback server)
        f"{url}/api/v1/streaming/user", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=PATIENCE_S + 30) as stream:  # noqa: S310
        event = ""
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line.startswith(":"):
                ready.set()
            elif line.startswith("event:"):
                event = line.partition(":")[2].strip()
            elif line.startswith("data:") and event == "update":
                events.put(json.loads(line.partition(":")[2]))


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {PATIENCE_S:.0f} s: {what}")
        time.sleep(0.1)


def test_a_post_is_fanned_out_once_by_either_worker_and_streamed_by_the_other_web(tmp_path):
    database_url, redis_url = _services()
    authors = [AccountFactory.create(username=f"poster{n}") for n in range(POSTS)]
    followers = [AccountFactory.create(username=f"reader{n}") for n in range(FOLLOWERS)]
    Follow.objects.bulk_create(
        Follow(follower=reader, followee=author) for author in authors for reader in followers
    )
    for author in authors:
        author.followers_count = FOLLOWERS
        author.save(update_fields=["followers_count"])
    tokens = {account.pk: token_for(account) for account in (*authors, followers[0])}
    env = mode_environment(
        data_dir=tmp_path,
        database_url=database_url,
        redis_url=redis_url,
        in_process_worker=False,
        # Every post goes through the queue, however small its audience: the workers are tested.
        extra={"TOWNSQUARE_INLINE_AUDIENCE_LIMIT": "0"},
    )
    events: queue.Queue[dict[str, str]] = queue.Queue()
    ready = threading.Event()

    with cluster(env, web=2, workers=2, log_dir=tmp_path / "logs") as running:
        first, other = running.urls
        threading.Thread(
            target=_listen, args=(other, tokens[followers[0].pk], events, ready), daemon=True
        ).start()
        assert ready.wait(PATIENCE_S), "the stream on the second web process did not open"
        time.sleep(0.5)  # the subscription reaches Redis just after the stream's first line
        post_ids = [
            _post(first, tokens[author.pk], f"Hello from {author.username}") for author in authors
        ]

        def all_homes_have_them() -> bool:
            return TimelineEntry.objects.filter(post_id__in=post_ids).count() == POSTS * (
                FOLLOWERS + 1
            )

        _wait_for(all_homes_have_them, "every follower's home has every post")
        streamed: set[int] = set()

        def all_streamed() -> bool:
            while not events.empty():
                streamed.add(int(events.get()["id"]))
            return set(post_ids) <= streamed

        _wait_for(all_streamed, "the follower on the other web process got every post")
        logs = {path.name: path.read_text() for path in (tmp_path / "logs").glob("*.log")}

    entries = Counter(
        TimelineEntry.objects.filter(post_id__in=post_ids).values_list("owner_id", "post_id")
    )
    assert set(entries.values()) == {1}, "a home holds a post twice"
    assert {owner for owner, _ in entries} == {f.pk for f in followers} | {a.pk for a in authors}
    tasks = [
        task
        for task in DBTaskResult.objects.filter(task_path=POST_TASK)
        if task.args_kwargs["args"][0] == event_name(PostPublished)
    ]
    ran = Counter(task.args_kwargs["args"][1]["post_id"] for task in tasks)
    assert ran == Counter(post_ids), "each post's background task is queued once"
    assert {task.status for task in tasks} == {"SUCCESSFUL"}, logs
    # One worker each: no task was claimed by two workers, or retried.
    assert all(len(task.worker_ids) == 1 for task in tasks)
    assert all("Traceback" not in text for text in logs.values()), logs
