"""Starting Townsquare as people run it: ``townsquare serve`` and ``townsquare worker`` processes.

``bench run`` and the multi-process test use this to stand up either mode on loopback:
embedded (SQLite, the worker inside the one web process) or scale (PostgreSQL + Redis,
N web processes with the in-process worker off, M ``townsquare worker`` processes).
Each process writes its output to a log file of its own, so a full pipe never stalls it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_S = 90.0
STOP_S = 15.0
HEALTH_PATH = "/api/v1/instance"


class ClusterError(Exception):
    """A process did not start."""


@dataclass(slots=True)
class Cluster:
    """The running processes of one mode and where to reach them."""

    urls: list[str]
    web: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    log_dir: Path | None = None

    def memory(self) -> dict[str, list[dict[str, float]]]:
        """Resident memory of each process now and at its peak, in MB."""
        return {
            "web": [process_memory(process.pid) for process in self.web],
            "worker": [process_memory(process.pid) for process in self.workers],
        }


def mode_environment(
    *,
    data_dir: Path,
    database_url: str | None = None,
    redis_url: str | None = None,
    in_process_worker: bool = True,
    rate_limits: bool = True,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The real settings for one mode, from this process's environment minus Townsquare's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("TOWNSQUARE_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="townsquare.config.settings",
        TOWNSQUARE_DATA_DIR=str(data_dir),
        TOWNSQUARE_DEBUG="false",
        TOWNSQUARE_IN_PROCESS_WORKER="true" if in_process_worker else "false",
        # A benchmark's rotating tokens would hit the per-account limits and fail on 429s.
        TOWNSQUARE_RATE_LIMITS="true" if rate_limits else "false",
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra or {})
    return env


def floor_environment(body_path: str, web_threads: int) -> dict[str, str]:
    """What the floor process (``bench.floor``) reads: its body, and the web threads as
    ``townsquare serve`` runs them here (the floor's requests are reads)."""
    return {"BENCH_FLOOR_BODY": body_path, "BENCH_FLOOR_THREADS": str(web_threads)}


def townsquare(*args: str) -> list[str]:
    """The command line of ``townsquare <args>`` with this interpreter."""
    return [sys.executable, "-m", "townsquare.cli", *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def cluster(env: Mapping[str, str], *, web: int, workers: int, log_dir: Path) -> Iterator[Cluster]:
    """``web`` serve processes and ``workers`` worker processes, stopped when the block ends."""
    log_dir.mkdir(parents=True, exist_ok=True)
    running = Cluster(urls=[], log_dir=log_dir)
    with ExitStack() as stack:
        for number in range(web):
            port = free_port()
            process = stack.enter_context(
                _process(
                    townsquare("serve", "--port", str(port)), env, log_dir / f"web{number}.log"
                )
            )
            running.web.append(process)
            running.urls.append(f"http://127.0.0.1:{port}")
        for number in range(workers):
            running.workers.append(
                stack.enter_context(
                    _process(townsquare("worker"), env, log_dir / f"worker{number}.log")
                )
            )
        for process, url in zip(running.web, running.urls, strict=True):
            wait_until_up(process, url, log_dir)
        yield running


def wait_until_up(
    process: subprocess.Popen[bytes], url: str, log_dir: Path, *, path: str | None = None
) -> None:
    """Until ``url`` answers 200 at ``path`` (the instance endpoint unless given)."""
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ClusterError(f"A web process exited at start; see the logs in {log_dir}")
        try:
            with urllib.request.urlopen(url + (path or HEALTH_PATH), timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    raise ClusterError(f"A web process did not answer within {STARTUP_S:.0f} s; see {log_dir}")


def process_memory(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process from /proc, in MB (0 where unreadable)."""
    values = {"rss_mb": 0.0, "peak_rss_mb": 0.0}
    names = {"VmRSS:": "rss_mb", "VmHWM:": "peak_rss_mb"}
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            parts = line.split()
            if parts and parts[0] in names:
                values[names[parts[0]]] = round(int(parts[1]) / 1024, 1)
    except OSError:
        pass
    return values


@contextmanager
def _process(
    command: list[str], env: Mapping[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            command, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
