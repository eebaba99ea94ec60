"""Posting without falling behind: the highest rate at which the task queue does not grow.

Posts go through the API at a fixed rate (tokens rotating over the imported people, and
requests over the server's web processes when it has several: ``Target.also``) for
a stage of ``seconds``; the queue depth (ready tasks in django-tasks-db's table) is read
every second. A stage holds if the server accepted posts at the rate asked and the queue
ends it no deeper than ``HOLD_SECONDS`` of posting; the ramp stops at the first stage
that does not hold, and the queue is left to drain before each next stage. Posts that
reach fewer people than ``TOWNSQUARE_INLINE_AUDIENCE_LIMIT`` queue nothing (their work
runs in the request), so for them a stage fails on the rate answered, not the queue.

``writing`` runs the same posting in the background for fan-out timing under load.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import count

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from townsquare.bench.target import Target, call

# Finer between 50 and 100 a second, where the target (100 at 100 followers) is decided.
RATES = (10, 25, 50, 60, 70, 80, 90, 100, 150, 200, 300, 400)
HOLD_SECONDS = 2.0
DRAIN_S = 60.0
CLIENT_THREADS = 16

type Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Stage:
    rate: int  # posts a second asked for
    achieved: float  # posts a second the server answered 2xx
    failed: int
    depth_start: int
    depth_end: int
    depth_max: int
    holds: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def queue_depth() -> int:
    """Tasks waiting to run."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


def ramp(
    target: Target, *, seconds: float, rates: tuple[int, ...] = RATES, report: Report
) -> dict[str, object]:
    """Stages at rising rates until one does not hold; the highest that held."""
    stages: list[Stage] = []
    for rate in rates:
        drain(patience=min(DRAIN_S, 10 * seconds))
        report(f"Posting at {rate}/s for {seconds:.0f} s...")
        stage = _stage(target, rate=rate, seconds=seconds)
        stages.append(stage)
        if not stage.holds:
            break
    held = [stage.rate for stage in stages if stage.holds]
    followers = [person.followers for person in target.people]
    return {
        "seconds_per_stage": seconds,
        "mean_followers_of_posters": round(sum(followers) / len(followers), 1),
        "sustained_posts_per_s": max(held, default=0),
        "stages": [stage.as_dict() for stage in stages],
    }


@contextmanager
def writing(target: Target, *, rate: float) -> Iterator[None]:
    """Posts at ``rate`` a second in the background for the duration of the block."""
    stop = threading.Event()
    thread = threading.Thread(target=_post_until, args=(target, rate, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def _stage(target: Target, *, rate: int, seconds: float) -> Stage:
    depths = [queue_depth()]
    stop = threading.Event()
    outcome: dict[str, int] = {}
    poster = threading.Thread(
        target=lambda: outcome.update(_post_until(target, rate, stop, seconds=seconds))
    )
    started = time.monotonic()
    poster.start()
    while poster.is_alive():
        time.sleep(1.0)
        depths.append(queue_depth())
    elapsed = time.monotonic() - started
    achieved = outcome.get("ok", 0) / elapsed
    holds = (
        outcome.get("failed", 0) == 0
        and achieved >= 0.9 * rate
        and depths[-1] <= max(HOLD_SECONDS * rate, depths[0])
    )
    return Stage(
        rate, round(achieved, 1), outcome.get("failed", 0), depths[0], depths[-1],
        max(depths), holds,
    )  # fmt: skip


def _post_until(
    target: Target, rate: float, stop: threading.Event, *, seconds: float | None = None
) -> dict[str, int]:
    """Post every 1/rate seconds until ``stop`` (or ``seconds``); counts of ok and failed."""
    tally = {"ok": 0, "failed": 0}
    lock = threading.Lock()
    people, urls = target.people, target.web_urls

    def one(number: int) -> None:
        person = people[number % len(people)]
        body = f"visibility=public&status=Backlog+post+{number}+%23benchrate".encode()
        try:
            answer = call(urls[number % len(urls)], "/api/v1/statuses", token=person.token,
                          method="POST", data=body)  # fmt: skip
            ok = 200 <= answer.status < 300
        except OSError:
            ok = False
        with lock:
            tally["ok" if ok else "failed"] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        for number in count():
            due = started + number / rate
            if stop.is_set() or (seconds is not None and due - started >= seconds):
                break
            time.sleep(max(0.0, due - time.monotonic()))
            pool.submit(one, number)
    return tally


def drain(*, patience: float) -> None:
    """Wait until no task is ready to run, or ``patience`` seconds."""
    deadline = time.monotonic() + patience
    while queue_depth() and time.monotonic() < deadline:
        time.sleep(0.5)
