"""Running the database task queue: in a thread beside the web server, or on its own.

Both ``townsquare serve`` (embedded mode) and ``townsquare worker`` drive
django-tasks-db's ``Worker`` (as ``DrainingWorker``, which keeps its database
connection while there is work); this module builds it with Townsquare's defaults
and runs it in a daemon thread that stops cleanly between tasks. Beside it runs the
clock that queues the periodic jobs apps register (``core.periodic``).

The thread in ``serve`` doesn't wait for its next poll to see a task its own process
queued: a queued task wakes it as soon as its transaction commits, so a post's fan-out
starts at once instead of up to ``POLL_INTERVAL`` later.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from typing import Any

from django.db import OperationalError, close_old_connections, connections, transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.signals import task_enqueued
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from townsquare.core.periodic import enqueue_due_jobs

logger = logging.getLogger(__name__)

# Seconds between polls of an empty queue: short enough that a like shows up as a
# notification at once, long enough that an idle server barely touches the database.
POLL_INTERVAL = 0.5
# After an unexpected error (the database went away), wait before polling again.
RESTART_DELAY = 5.0
# Seconds between the clock's looks at the periodic jobs: finer than any job's interval.
CLOCK_TICK = 5.0


def uses_database_queue(backend_name: str = DEFAULT_TASK_BACKEND_ALIAS) -> bool:
    """Whether tasks are queued in the database (and so need a worker to run them)."""
    return isinstance(task_backends[backend_name], DatabaseBackend)


def worker_id(prefix: str = "") -> str:
    """An id unique across machines and readable in the task table: host, pid, random."""
    host = socket.gethostname().split(".")[0][:24]
    return f"{prefix}{host}-{os.getpid()}-{get_random_string(8)}"[:64]


class DrainingWorker(Worker):
    """django-tasks-db's worker, minus a database reconnect per task.

    The upstream loop calls ``close_old_connections`` around every task, which with
    ``CONN_MAX_AGE = 0`` (our default) closes the connection and opens a new one each
    time: on SQLite that was about a third of the cost of a small task. Here the
    connection stays open while tasks follow one another and is let go (by the same
    rule as a request's) only when the queue is empty, or at once if a task broke it.
    Claiming is unchanged: one task per short transaction, ``SELECT ... FOR UPDATE
    SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite, so each task still
    runs once however many workers poll. Between polls it waits on ``wake``, which anyone
    may set to have it look at the queue at once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wake = threading.Event()

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s", self.worker_id)
        if self.startup_delay and self.interval:
            # A random small delay, as upstream, so workers started together don't collide.
            time.sleep(random.random())  # noqa: S311
        close_old_connections()
        while self.running:
            # Cleared before the look, so a task queued during it wakes the wait after it.
            self.wake.clear()
            claimed, task_result = self._claim()
            if task_result is not None:
                self.run_task(task_result)
                _drop_broken_connections()
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                continue  # more work is likely: no sleep, no reconnect
            if self.batch and claimed:
                return  # the queue is empty
            close_old_connections()
            if self.running:
                self.wake.wait(self.interval)

    def _claim(self) -> tuple[bool, DBTaskResult[..., Any] | None]:
        """(whether the queue could be read, the task claimed or None)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            _drop_broken_connections()
            if is_locked_database_exception(error):
                return False, None  # SQLite is busy writing; try again in a moment
            raise
        return True, task_result


def _drop_broken_connections() -> None:
    """Close connections a failed query left unusable; healthy ones stay open."""
    for connection in connections.all(initialized_only=True):
        if connection.errors_occurred and connection.in_atomic_block is False:
            if connection.is_usable():
                connection.errors_occurred = False
            else:
                connection.close()


def new_worker(
    *,
    identifier: str,
    interval: float = POLL_INTERVAL,
    batch: bool = False,
    backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
    queue_names: list[str] | None = None,
    excluded_queue_names: list[str] | None = None,
    startup_delay: bool = False,
    max_tasks: int | None = None,
) -> DrainingWorker:
    """A worker for every queue of the database backend (unless told which)."""
    return DrainingWorker(
        queue_names=queue_names or ["*"],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=startup_delay,
        max_tasks=max_tasks,
        worker_id=identifier,
        excluded_queue_names=excluded_queue_names or [],
    )


class BackgroundWorker:
    """The task worker of ``townsquare serve``: daemon threads in the server's process."""

    def __init__(self, *, interval: float = POLL_INTERVAL) -> None:
        self._worker = new_worker(identifier=worker_id("serve-"), interval=interval)
        self._thread = threading.Thread(target=self._run, name="townsquare-worker", daemon=True)
        self._clock = PeriodicClock()

    def start(self) -> None:
        task_enqueued.connect(self._wake_on_commit, weak=False)
        self._thread.start()
        self._clock.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the loop to stop after its current task; True if it did within ``timeout``."""
        task_enqueued.disconnect(self._wake_on_commit)
        self._clock.stop()
        self._worker.running = False
        self._worker.wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _wake_on_commit(self, sender: type, **kwargs: Any) -> None:
        """A task was queued in this process: run it once its row is there to claim."""
        # At once outside a transaction; inside one, when (and if) it commits.
        transaction.on_commit(self._worker.wake.set)

    def _run(self) -> None:
        # Signals belong to the main thread (uvicorn's), so the loop is stopped
        # through ``running`` rather than with the worker's own signal handlers.
        while self._worker.running:
            try:
                self._worker.run()
            except Exception:
                logger.exception("The task worker failed; restarting in %.0f s", RESTART_DELAY)
                close_old_connections()
                time.sleep(RESTART_DELAY)
        close_old_connections()


class PeriodicClock:
    """A daemon thread that queues due periodic jobs every ``tick`` seconds until stopped."""

    def __init__(self, *, tick: float = CLOCK_TICK) -> None:
        self._tick = tick
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="townsquare-clock", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                enqueue_due_jobs()
            except Exception:
                logger.exception("The periodic clock failed; trying again next tick")
            finally:
                close_old_connections()
            self._stopped.wait(self._tick)
