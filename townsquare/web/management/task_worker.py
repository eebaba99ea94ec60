"""Running the database task queue: in a thread beside the web server, or on its own.

Both ``townsquare serve`` (embedded mode) and ``townsquare worker`` drive
django-tasks-db's ``Worker`` loop; this module builds it with Townsquare's defaults
and runs it in a daemon thread that stops cleanly between tasks. Beside it runs the
clock that queues the periodic jobs apps register (``core.periodic``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.db import close_old_connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

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


def new_worker(
    *,
    identifier: str,
    interval: float = POLL_INTERVAL,
    batch: bool = False,
    backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
) -> Worker:
    """A worker for every queue of the database backend."""
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id=identifier,
        excluded_queue_names=[],
    )


class BackgroundWorker:
    """The task worker of ``townsquare serve``: daemon threads in the server's process."""

    def __init__(self, *, interval: float = POLL_INTERVAL) -> None:
        self._worker = new_worker(identifier=worker_id("serve-"), interval=interval)
        self._thread = threading.Thread(target=self._run, name="townsquare-worker", daemon=True)
        self._clock = PeriodicClock()

    def start(self) -> None:
        self._thread.start()
        self._clock.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the loop to stop after its current task; True if it did within ``timeout``."""
        self._clock.stop()
        self._worker.running = False
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def is_alive(self) -> bool:
        return self._thread.is_alive()

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
