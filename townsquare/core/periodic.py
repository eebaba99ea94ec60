"""Recurring work: a registry of jobs and the clock pass that queues the ones that are due.

Apps register their jobs in ``AppConfig.ready()`` (``every(timedelta(minutes=1), task)``);
the clock of each task worker (the thread in ``townsquare serve`` and every ``townsquare
worker``) calls ``enqueue_due_jobs()`` every few seconds. A claim in the shared cache
(local memory in embedded mode, Redis at scale) lets one process queue each round; the
tasks are idempotent, so a claim lost with a restarted cache only means a job runs early.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.tasks import Task

logger = logging.getLogger(__name__)

CLAIM_PREFIX = "periodic:v1:"


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    name: str
    interval: timedelta
    task: Task[[], Any]


_jobs: dict[str, PeriodicJob] = {}


def every(interval: timedelta, task: Task[[], Any]) -> None:
    """Queue ``task`` (which takes no arguments) once per ``interval``, from any worker."""
    if interval < timedelta(seconds=1):
        raise ValueError("A periodic job runs at most once a second")
    name = task.module_path
    _jobs[name] = PeriodicJob(name=name, interval=interval, task=task)


def registered_jobs() -> list[PeriodicJob]:
    """The jobs apps have registered, by name."""
    return sorted(_jobs.values(), key=lambda job: job.name)


def enqueue_due_jobs(jobs: Iterable[PeriodicJob] | None = None) -> list[str]:
    """Queue every job whose interval has passed since it was last claimed; their names.

    ``jobs`` defaults to every registered job.
    """
    queued: list[str] = []
    for job in registered_jobs() if jobs is None else jobs:
        claimed = cache.add(
            CLAIM_PREFIX + job.name, "claimed", timeout=job.interval.total_seconds()
        )
        if not claimed:
            continue
        try:
            job.task.enqueue()
        except Exception:
            # Let the next round try again rather than wait a whole interval.
            cache.delete(CLAIM_PREFIX + job.name)
            logger.exception("could not queue periodic job %s", job.name)
            continue
        queued.append(job.name)
    return queued
