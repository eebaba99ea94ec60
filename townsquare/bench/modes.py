"""``bench run``: both modes side by side, each started, loaded and measured by the harness.

- embedded: SQLite in a directory of its own, one ``townsquare serve`` with the worker
  inside it;
- scale: PostgreSQL + Redis, ``web`` serve processes with the in-process worker off and
  ``workers`` ``townsquare worker`` processes.

For each mode the dataset is imported (``bench import``), the processes are started, and
``bench load`` runs as a child with the mode's own settings, so the fan-out, query and
database probes read the server's database. wrk drives the first web process (there is
no proxy in front of them on loopback); every worker of the mode does the background
work. Memory is each process's peak resident set (VmHWM) once the load is over.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from townsquare.bench import dataset
from townsquare.bench.processes import cluster, mode_environment, townsquare
from townsquare.bench.report import environment, share_of_floor

MODES = ("embedded", "scale")
IMPORT_TIMEOUT_S = 6 * 3600

type Report = Callable[[str], None]


class ModeError(Exception):
    """A mode could not be set up."""


@dataclass(slots=True)
class RunPlan:
    size: str
    work_dir: Path
    modes: tuple[str, ...] = MODES
    database_url: str = ""
    redis_url: str = ""
    web: int = 2
    workers: int = 2
    # Passed on to ``bench load``.
    load_args: list[str] = field(default_factory=list)


def run(plan: RunPlan, *, report: Report) -> dict[str, Any]:
    """Every mode of ``plan`` measured; the JSON document ``bench run`` writes."""
    if "scale" in plan.modes and not (plan.database_url and plan.redis_url):
        raise ModeError("The scale mode needs --database-url (PostgreSQL) and --redis-url.")
    plan.work_dir.mkdir(parents=True, exist_ok=True)
    dump = plan.work_dir / f"bench-{plan.size}.jsonl"
    if not dump.exists():
        report(f"Writing the {plan.size} dataset to {dump}...")
        started = time.perf_counter()
        with dump.open("w", encoding="utf-8") as out:
            dataset.write_dump(dataset.SIZES[plan.size], out)
        report(f"Dataset written in {time.perf_counter() - started:.1f} s")
    document: dict[str, Any] = {
        "started_at": datetime.now(tz=UTC).isoformat(),
        "size": plan.size,
        **environment(),
        "modes": {},
    }
    for number, mode in enumerate(plan.modes, 1):
        report(f"== mode {number}/{len(plan.modes)}: {mode}")
        document["modes"][mode] = _mode(plan, mode, dump, report)
    document["ok"] = all(result.get("ok") for result in document["modes"].values())
    return document


def _mode(plan: RunPlan, mode: str, dump: Path, report: Report) -> dict[str, Any]:
    folder = plan.work_dir / mode
    folder.mkdir(exist_ok=True)
    is_scale = mode == "scale"
    env = mode_environment(
        data_dir=folder / "data",
        database_url=plan.database_url if is_scale else None,
        redis_url=plan.redis_url if is_scale else None,
        in_process_worker=not is_scale,
        rate_limits=False,
    )
    tokens = folder / "tokens"
    timings: dict[str, float] = {}
    if is_scale and ensure_database(plan.database_url):
        report(f"Created the database {urlsplit(plan.database_url).path.lstrip('/')}")
    # Also when reusing an import: the code may have gained migrations since.
    _step(["migrate", "--no-input", "-v", "0"], env, folder / "migrate.log", report)
    if tokens.exists():
        report(f"Reusing the import in {folder} (delete {tokens} to import again)")
    else:
        started = time.perf_counter()
        _step(["bench", "import", str(dump), "--tokens", str(tokens)], env,
              folder / "import.log", report)  # fmt: skip
        timings["import_s"] = round(time.perf_counter() - started, 1)
        report(f"Imported in {timings['import_s']} s")
    web, workers = (plan.web, plan.workers) if is_scale else (1, 0)
    result_file = folder / "load.json"
    with cluster(env, web=web, workers=workers, log_dir=folder / "logs") as running:
        # Reads are measured on one web process against a floor of one; posting at a
        # rate spreads over them all, as a proxy in front of them would.
        also = [arg for url in running.urls[1:] for arg in ("--also-url", url)]
        load = ["bench", "load", "--url", running.urls[0], *also, "--tokens", str(tokens),
                "--json", str(result_file), *plan.load_args]  # fmt: skip
        finished = subprocess.run(townsquare(*load), env=env, check=False)  # noqa: S603
        memory = running.memory()
    if not result_file.exists():
        raise ModeError(f"`bench load` failed in mode {mode} (exit {finished.returncode})")
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    result.update(mode=mode, web_processes=web, worker_processes=workers, memory=memory, **timings)
    return result


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database ``url`` names if its server lacks it (through the
    server's ``postgres`` database, as the same user); True if it was created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ModeError(f"--database-url names no database: {url}")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as server:
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is not None:
            return False
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def _step(args: list[str], env: dict[str, str], log: Path, report: Report) -> None:
    report(f"townsquare {' '.join(args)}")
    with log.open("wb") as output:
        finished = subprocess.run(  # noqa: S603 (our own command line)
            townsquare(*args), env=env, stdout=output, stderr=subprocess.STDOUT,
            check=False, timeout=IMPORT_TIMEOUT_S,
        )  # fmt: skip
    if finished.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-800:]
        raise ModeError(f"`townsquare {args[0]}` failed (see {log}):\n{tail}")


def side_by_side(document: dict[str, Any]) -> str:
    """One row per scenario and concurrency, one column group per mode."""
    modes = list(document["modes"])
    rows: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    for mode, result in document["modes"].items():
        for row in result["results"]:
            rows.setdefault((row["scenario"], row["connections"]), {})[mode] = row
    header = f"{'scenario':<20}{'conns':>6}" + "".join(
        f"{mode + ' req/s':>16}{'p99 ms':>9}{'floor':>7}{'sql':>5}" for mode in modes
    )
    lines = [header, "-" * len(header)]
    for (scenario, connections), by_mode in rows.items():
        line = f"{scenario:<20}{connections:>6}"
        for mode in modes:
            row = by_mode.get(mode)
            if row is None:
                line += f"{'-':>16}{'-':>9}{'-':>7}{'-':>5}"
                continue
            share = share_of_floor(row, document["modes"][mode]["results"])
            ratio = "-" if share is None else f"{share:.0%}"
            queries = document["modes"][mode].get("queries_per_request", {}).get(scenario, "-")
            line += f"{row['rps']:>16.1f}{row['p99_ms']:>9.1f}{ratio:>7}{queries!s:>5}"
        lines.append(line)
    for mode, result in document["modes"].items():
        lines.append(f"{mode}: " + _summary(result))
    return "\n".join(lines)


def _summary(result: dict[str, Any]) -> str:
    parts = [f"{result['web_processes']} web + {result['worker_processes']} worker processes"]
    web = [p["peak_rss_mb"] for p in result["memory"]["web"]]
    workers = [p["peak_rss_mb"] for p in result["memory"]["worker"]]
    parts.append(f"peak RSS web {max(web, default=0):.0f} MB")
    if workers:
        parts.append(f"worker {max(workers):.0f} MB")
    if "database_mb" in result:
        parts.append(f"database {result['database_mb']} MB")
    if "import_s" in result:
        parts.append(f"import {result['import_s']} s")
    for key, label in (("fanout", "fan-out idle"), ("fanout_busy", "fan-out busy")):
        fan = result.get(key)
        if fan and not fan["merged_at_read_time"]:
            parts.append(f"{label} to {fan['followers']}: p100 {fan['p100_s']} s")
    if rate := result.get("posting_rate"):
        parts.append(f"sustained {rate['sustained_posts_per_s']} posts/s")
    return ", ".join(parts)
