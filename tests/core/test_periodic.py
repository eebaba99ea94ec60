"""Periodic jobs: each is queued once per interval, whichever clock looks first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.tasks import task

from townsquare.core.periodic import CLAIM_PREFIX, PeriodicJob, enqueue_due_jobs, every

runs: list[str] = []


@task()
def tick_task() -> None:
    runs.append("tick")


@task()
def tock_task() -> None:
    runs.append("tock")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    runs.clear()  # (the cache is empty already: each test has its own key prefix)


def _job(task_, seconds: int) -> PeriodicJob:
    return PeriodicJob(name=task_.module_path, interval=timedelta(seconds=seconds), task=task_)


def test_a_due_job_is_queued_once_per_interval() -> None:
    jobs = [_job(tick_task, 3600), _job(tock_task, 3600)]

    first = enqueue_due_jobs(jobs)
    second = enqueue_due_jobs(jobs)

    assert first == [tick_task.module_path, tock_task.module_path]
    assert second == []
    assert runs == ["tick", "tock"]


def test_a_job_is_due_again_once_its_claim_expires() -> None:
    job = _job(tick_task, 3600)
    enqueue_due_jobs([job])
    cache.delete(CLAIM_PREFIX + job.name)  # what the claim's expiry does after an hour

    assert enqueue_due_jobs([job]) == [tick_task.module_path]
    assert runs == ["tick", "tick"]


def test_jobs_more_often_than_once_a_second_are_refused() -> None:
    with pytest.raises(ValueError, match="once a second"):
        every(timedelta(milliseconds=10), tick_task)
