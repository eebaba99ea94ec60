"""The task worker of ``serve`` and ``worker``: runs queued tasks, stops when asked."""

from __future__ import annotations

import io
import signal
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus, task

from townsquare.core.periodic import CLAIM_PREFIX, registered_jobs
from townsquare.web.management.task_worker import (
    BackgroundWorker,
    PeriodicClock,
    uses_database_queue,
)

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


@task()
def shout_task(word: str) -> str:
    return word.upper()


def wait_for_end(result: TaskResult[..., str], timeout: float = 30) -> TaskResultStatus:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result.refresh()
        if result.status not in {TaskResultStatus.READY, TaskResultStatus.RUNNING}:
            break
        time.sleep(0.05)
    return result.status


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.mark.django_db(transaction=True)
def test_background_worker_runs_queued_tasks_and_stops(database_queue):
    assert uses_database_queue()
    result = shout_task.enqueue("hello")
    worker = BackgroundWorker(interval=0.05)
    worker.start()
    try:
        final_status = wait_for_end(result)
    finally:
        assert worker.stop(timeout=10)
    assert final_status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "HELLO"
    assert not worker.is_alive


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_the_process_wakes_its_worker(database_queue):
    worker = BackgroundWorker(interval=600)  # it would poll again only in ten minutes
    worker.start()
    try:
        time.sleep(0.2)  # the worker found the queue empty and waits
        with transaction.atomic():
            result = shout_task.enqueue("now")
        final_status = wait_for_end(result)
    finally:
        assert worker.stop(timeout=10)  # stopping wakes it too
    assert final_status == TaskResultStatus.SUCCESSFUL


def test_the_inline_queue_of_the_tests_needs_no_worker():
    assert not uses_database_queue()


@pytest.mark.django_db(transaction=True)
def test_worker_command_serves_every_queue(database_queue):
    on_default = shout_task.enqueue("one")
    on_mail = shout_task.using(queue_name="mail").enqueue("two")
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back.
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    previous = {signum: signal.getsignal(signum) for signum in handled}
    try:
        call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    assert wait_for_end(on_default, timeout=1) == TaskResultStatus.SUCCESSFUL
    assert wait_for_end(on_mail, timeout=1) == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_the_clock_queues_registered_jobs_until_stopped():
    clock = PeriodicClock(tick=0.05)
    clock.start()
    try:
        deadline = time.monotonic() + 30
        while not all(cache.get(CLAIM_PREFIX + job.name) for job in registered_jobs()):
            assert time.monotonic() < deadline, "the clock never queued the jobs"
            time.sleep(0.05)
    finally:
        clock.stop()
    assert registered_jobs(), "the apps register periodic jobs"
