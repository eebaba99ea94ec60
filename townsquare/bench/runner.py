"""A whole ``bench load`` run: the floor server, discovery, fan-out, warm-up, measurements.

The floor is started here, on a free port, with the same server and settings as
``townsquare serve`` (uvicorn, the same dispatch to Django's WSGI handler on
``TOWNSQUARE_WEB_THREADS`` threads, access log on), and measured in the same run at the
same concurrencies, again after every scenario, so ratios compare like with like on
whatever the machine is doing at the time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from townsquare.bench import backlog, fanout, probes
from townsquare.bench.load import BY_NAME, FLOOR, SCENARIOS, Result, Scenario, run_wrk
from townsquare.bench.processes import floor_environment, free_port
from townsquare.bench.report import environment
from townsquare.bench.target import Target, call, discover

STARTUP_S = 30.0

type Report = Callable[[str], None]


@dataclass(slots=True)
class Plan:
    url: str
    tokens: list[str]
    hashtag: str = "topic0"
    seconds: float = 10.0
    warmup_seconds: float = 2.0
    connections: Sequence[int] = (1, 8, 32)
    scenarios: Sequence[str] = field(default_factory=lambda: [s.name for s in SCENARIOS])
    measure_fanout: bool = True
    measure_queries: bool = True
    # Seconds per stage of the posting-rate ramp (0: no ramp); 60 for a real measurement.
    rate_seconds: float = 0.0
    # Posts a second written in the background while the fan-out is timed a second time.
    busy_rate: float = 20.0
    max_rate: int = 0  # the ramp's highest stage (0: all of backlog.RATES)
    # The server's other web processes, which posting at a rate also uses (``Target.also``).
    also_urls: Sequence[str] = ()


def run(plan: Plan, *, report: Report) -> dict[str, Any]:
    """Measure ``plan.url`` and the floor; the JSON document ``bench load`` writes."""
    report(f"Discovering {plan.url} with {len(plan.tokens)} tokens...")
    target = discover(plan.url, plan.tokens, hashtag=plan.hashtag)
    target.also = tuple(plan.also_urls)
    if target.rate_limit:
        report(
            f"Warning: the server rate-limits ({target.rate_limit} requests per token): expect "
            "429s. Start a Townsquare server with TOWNSQUARE_RATE_LIMITS=false to bench it."
        )
    started = datetime.now(tz=UTC)
    document: dict[str, Any] = {
        "started_at": started.isoformat(),
        "url": plan.url,
        "also_urls": list(plan.also_urls),
        "people": len(target.people),
        "server_version": target.software,
        **environment(),
        "seconds": plan.seconds,
        "results": [],
        "fanout": None,
    }
    shared = fanout.shares_database(target)
    if not shared:
        report("Fan-out, queries and database size skipped: the server's database is not this one.")
    elif probes.autovacuum_is_off():
        document["autovacuum_off"] = True
        report(
            "Warning: autovacuum is off on this PostgreSQL server: its tables keep their dead "
            "rows, and pages written since the last VACUUM lose index-only scans."
        )
    if shared and plan.measure_fanout:
        # "Idle" means an empty queue: an earlier run may have left tasks behind.
        document["queue_depth_at_start"] = backlog.queue_depth()
        backlog.drain(patience=backlog.DRAIN_S)
        report("Measuring fan-out delay (idle, then under background writes)...")
        document["fanout"] = fanout.measure(target).as_dict()
        with backlog.writing(target, rate=plan.busy_rate):
            time.sleep(1.0)
            document["fanout_busy"] = {**fanout.measure(target).as_dict(), "rate": plan.busy_rate}
    if shared and plan.measure_queries:
        report("Counting SQL queries per request...")
        document["queries_per_request"] = probes.queries_per_request(target, list(plan.scenarios))
    scenarios = [BY_NAME[name] for name in plan.scenarios]
    with floor_server(target.floor_body) as floor_url:
        document["results"] = _measure(scenarios, target, plan, floor_url, report)
    if shared and plan.rate_seconds > 0:
        rates = tuple(r for r in backlog.RATES if not plan.max_rate or r <= plan.max_rate)
        document["posting_rate"] = backlog.ramp(
            target, seconds=plan.rate_seconds, rates=rates or backlog.RATES[:1], report=report
        )
    if shared:
        document["database_mb"] = probes.database_mb()
    document["ok"] = all(_ok(result) for result in document["results"])
    return document


def _measure(
    scenarios: list[Scenario], target: Target, plan: Plan, floor_url: str, report: Report
) -> list[dict[str, Any]]:
    """Every scenario at every concurrency, with the floor measured again after each run.

    A shared machine's speed drifts over a run of minutes: each scenario is compared with
    the mean of the floor runs just before and after it (``floor_rps``), and the floor's
    own row gives the median of all its runs.
    """
    floors: dict[int, list[Result]] = {}
    total = len(plan.connections) * (1 + 2 * len(scenarios))
    done = 0

    def measure(scenario: Scenario, url: str, connections: int) -> Result:
        nonlocal done
        done += 1
        report(f"[{_bar(done, total)}] {scenario.name} at {connections} connections")
        return run_wrk(scenario, target, url=url, connections=connections, seconds=plan.seconds)

    _warm_up(FLOOR, target, floor_url, plan)
    for connections in plan.connections:
        floors[connections] = [measure(FLOOR, floor_url, connections)]
    results: list[Result] = []
    for scenario in scenarios:
        _warm_up(scenario, target, plan.url, plan)
        for connections in plan.connections:
            result = measure(scenario, plan.url, connections)
            floors[connections].append(measure(FLOOR, floor_url, connections))
            before, after = floors[connections][-2:]
            results.append(replace(result, floor_rps=round((before.rps + after.rps) / 2, 1)))
    return [_median_floor(runs).as_dict() for runs in floors.values()] + [
        result.as_dict() for result in results
    ]


def _median_floor(runs: list[Result]) -> Result:
    """The floor run with the median req/s (the lower middle one of an even count)."""
    ranked = sorted(runs, key=lambda run: run.rps)
    return ranked[(len(ranked) - 1) // 2]


def _warm_up(scenario: Scenario, target: Target, url: str, plan: Plan) -> None:
    if plan.warmup_seconds > 0:
        run_wrk(scenario, target, url=url, connections=max(plan.connections),
                seconds=plan.warmup_seconds)  # fmt: skip


def _ok(result: dict[str, Any]) -> bool:
    return bool(result["requests"]) and not result["not_2xx"] and not result["socket_errors"]


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total)
    return "#" * filled + "." * (width - filled) + f" {done}/{total}"


@contextmanager
def floor_server(body: bytes) -> Iterator[str]:
    """The floor app under uvicorn on a free port, for the duration of the block."""
    port = free_port()
    with tempfile.NamedTemporaryFile(suffix=".json") as body_file:
        body_file.write(body)
        body_file.flush()
        threads = int(settings.TOWNSQUARE_WEB_THREADS)
        env = {**os.environ, **floor_environment(body_file.name, threads)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            [sys.executable, "-m", "uvicorn", "townsquare.bench.floor:application",
             "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
             "--log-level", "info"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, url)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The floor server exited at start")
        try:
            if call(url, "/").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("The floor server did not start")


__all__ = ["Plan", "Result", "floor_server", "run"]
