"""``bench serving``: which HTTP server to run Townsquare under, decided by measurement.

Each stack serves, in turn, the floor (``bench.floor``: a prebuilt body, no database)
and Townsquare itself, on the same number of processes, with access logs off for all;
wrk measures the floor and the home timeline at the same concurrency. Stacks take turns
within each round and rounds repeat, so a neighbour's burst on a shared machine hits all
of them alike; the report gives medians and, per round, each stack's ratio to the first,
what ``townsquare serve`` runs: uvicorn with plain requests on Django's WSGI handler on
``TOWNSQUARE_WEB_THREADS`` threads (``core.dispatch``). "uvicorn (asgi)" is Django's
ASGI handler alone, the stack ``serve`` ran before.

gunicorn and granian are not dependencies: stacks whose module is not importable are
left out (``pip install gunicorn granian`` or put them on ``PYTHONPATH`` to include them).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from townsquare.bench.load import BY_NAME, FLOOR, run_wrk
from townsquare.bench.processes import floor_environment, free_port, stop, wait_until_up
from townsquare.bench.target import Target, discover

type Report = Callable[[str], None]

# By interface: "serve" is ``townsquare serve``'s application (ASGI, dispatching), "asgi"
# Django's ASGI handler alone, "wsgi" its WSGI handler.
APP = {
    "serve": "townsquare.config.asgi:application",
    "asgi": "townsquare.config.asgi:django_application",
    "wsgi": "townsquare.config.wsgi:application",
}
FLOOR_APP = {
    "serve": "townsquare.bench.floor:application",
    "asgi": "townsquare.bench.floor:asgi_application",
    "wsgi": "townsquare.bench.floor:wsgi_application",
}


@dataclass(frozen=True, slots=True)
class Stack:
    name: str
    module: str
    interface: str  # "serve", "asgi" or "wsgi"
    arguments: Callable[[str, int, int], list[str]]  # (app, port, processes) -> argv tail


def _uvicorn(app: str, port: int, processes: int) -> list[str]:
    return [app, "--host", "127.0.0.1", "--port", str(port), "--workers", str(processes),
            "--lifespan", "off", "--no-access-log", "--log-level", "warning"]  # fmt: skip


STACKS = (
    Stack("serve: uvicorn + web threads", "uvicorn", "serve", _uvicorn),
    Stack("uvicorn (asgi)", "uvicorn", "asgi", _uvicorn),
    Stack(
        "gunicorn sync (wsgi)", "gunicorn", "wsgi",
        lambda app, port, n: ["-k", "sync", "-w", str(n), "-b", f"127.0.0.1:{port}",
                              "--log-level", "warning", app],
    ),
    Stack(
        "gunicorn gthread (wsgi)", "gunicorn", "wsgi",
        lambda app, port, n: ["-k", "gthread", "--threads", "4", "-w", str(n),
                              "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
    ),
    Stack(
        "granian (wsgi)", "granian", "wsgi",
        lambda app, port, n: ["--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                              "--workers", str(n), "--log-level", "warning", app],
    ),
    Stack(
        "granian (asgi)", "granian", "asgi",
        lambda app, port, n: ["--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
                              "--workers", str(n), "--log-level", "warning", app],
    ),
)  # fmt: skip


def available(names: tuple[str, ...] = ()) -> list[Stack]:
    """Stacks whose server is installed (and whose name contains one of ``names``, if any)."""
    return [
        stack
        for stack in STACKS
        if importlib.util.find_spec(stack.module) is not None
        and (not names or any(name in stack.name for name in names))
    ]


def discover_target(tokens: list[str], *, hashtag: str = "topic0") -> Target:
    """The people and statuses the runs use, learnt from Townsquare as ``serve`` runs it."""
    with _server(STACKS[0], APP["serve"], 1, b"[]", is_floor=False) as url:
        return discover(url, tokens, hashtag=hashtag)


def compare(
    target: Target,
    *,
    processes: int,
    connections: int,
    seconds: float,
    rounds: int,
    names: tuple[str, ...] = (),
    report: Report,
) -> dict[str, Any]:
    """Every available stack on the floor and the home timeline, ``rounds`` times.

    The first stack (what ``townsquare serve`` runs) is the baseline.
    """
    stacks = available((STACKS[0].name, *names) if names else ())
    runs: list[dict[str, Any]] = []
    total = rounds * len(stacks) * 2
    for number in range(rounds):
        for stack in stacks:
            for scenario in ("floor", "home"):
                report(f"[{len(runs) + 1}/{total}] round {number + 1}: {stack.name}, {scenario}")
                runs.append(
                    {
                        "round": number,
                        "stack": stack.name,
                        **_measure(stack, scenario, target, processes, connections, seconds),
                    }
                )
    return {
        "processes": processes,
        "connections": connections,
        "seconds": seconds,
        "rounds": rounds,
        "runs": runs,
        "summary": _summary(runs, [stack.name for stack in stacks]),
    }


def table(document: dict[str, Any]) -> str:
    header = f"{'stack':<30}{'floor r/s':>11}{'home r/s':>10}{'home p99':>10}{'home/floor':>12}"
    header += f"{'vs serve':>12}"
    lines = [header, "-" * len(header)]
    for row in document["summary"]:
        lines.append(
            f"{row['stack']:<30}{row['floor_rps']:>11.0f}{row['home_rps']:>10.0f}"
            f"{row['home_p99_ms']:>10.1f}{row['home_to_floor']:>12.1%}"
            f"{row['home_to_serve']:>12.2f}"
        )
    lines.append(
        f"medians of {document['rounds']} rounds, {document['processes']} processes each, "
        f"{document['connections']} connections; 'vs serve' is the median of per-round ratios"
    )
    return "\n".join(lines)


def _measure(
    stack: Stack, scenario: str, target: Target, processes: int, connections: int, seconds: float
) -> dict[str, Any]:
    app = (FLOOR_APP if scenario == "floor" else APP)[stack.interface]
    with _server(stack, app, processes, target.floor_body, is_floor=scenario == "floor") as url:
        chosen = FLOOR if scenario == "floor" else BY_NAME["home"]
        run_wrk(chosen, target, url=url, connections=connections, seconds=1)  # warm-up
        result = run_wrk(chosen, target, url=url, connections=connections, seconds=seconds)
    return {"scenario": scenario, **result.as_dict()}


@contextmanager
def _server(
    stack: Stack, app: str, processes: int, floor_body: bytes, *, is_floor: bool
) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ)
    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(floor_body)
        body.flush()
        if is_floor:
            env.pop("DJANGO_SETTINGS_MODULE", None)
            env.update(floor_environment(body.name, int(settings.TOWNSQUARE_WEB_THREADS)))
        else:
            env["DJANGO_SETTINGS_MODULE"] = "townsquare.config.settings"
            env["TOWNSQUARE_RATE_LIMITS"] = "false"
        command = [sys.executable, "-m", stack.module, *stack.arguments(app, port, processes)]
        with tempfile.TemporaryDirectory() as logs:
            log_path = os.path.join(logs, "server.log")
            with open(log_path, "wb") as log:
                process = subprocess.Popen(  # noqa: S603 (our own command line)
                    command, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            url = f"http://127.0.0.1:{port}"
            try:
                wait_until_up(process, url, Path(logs), path="/" if is_floor else None)
                yield url
            finally:
                stop(process)


def _summary(runs: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    def pick(stack: str, scenario: str, key: str) -> list[float]:
        return [r[key] for r in runs if r["stack"] == stack and r["scenario"] == scenario]

    baseline = names[0]
    rows = []
    for name in names:
        home = pick(name, "home", "rps")
        base = pick(baseline, "home", "rps")
        floor = statistics.median(pick(name, "floor", "rps"))
        rows.append(
            {
                "stack": name,
                "floor_rps": floor,
                "home_rps": statistics.median(home),
                "home_p99_ms": statistics.median(pick(name, "home", "p99_ms")),
                "home_to_floor": statistics.median(home) / floor if floor else 0.0,
                "home_to_serve": statistics.median(
                    [h / b for h, b in zip(home, base, strict=True) if b]
                ),
            }
        )
    return rows
