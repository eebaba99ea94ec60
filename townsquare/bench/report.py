"""Reading results: the terminal table, the machine description and ``bench compare``."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import django

FLOOR = "floor"


def environment() -> dict[str, Any]:
    """The machine, the versions and the commit a result was measured with."""
    return {
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "memory_mb": _memory_mb(),
        },
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "uvicorn": _version("uvicorn"),
            "townsquare": _version("townsquare"),
            "wrk": _wrk_version(),
        },
        "commit": _commit(),
    }


def share_of_floor(row: dict[str, Any], results: list[dict[str, Any]]) -> float | None:
    """``row``'s req/s as a share of the floor's: the floor measured beside it when the run
    did that (``floor_rps``), else the run's floor at the same concurrency."""
    floor = row.get("floor_rps") or next(
        (
            other["rps"]
            for other in results
            if other["scenario"] == FLOOR and other["connections"] == row["connections"]
        ),
        None,
    )
    return float(row["rps"]) / floor if floor else None


def table(document: dict[str, Any]) -> str:
    """The results as a fixed-width table, each row with its ratio to the floor."""
    header = f"{'scenario':<20}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}"
    header += f"{'p99 ms':>9}{'floor':>8}{'errors':>8}"
    lines = [header, "-" * len(header)]
    for row in document["results"]:
        share = share_of_floor(row, document["results"])
        ratio = "-" if share is None else f"{share:.1%}"
        errors = row["not_2xx"] + row["socket_errors"]
        lines.append(
            f"{row['scenario']:<20}{row['connections']:>6}{row['rps']:>10.1f}"
            f"{row['p50_ms']:>9.2f}{row['p90_ms']:>9.2f}{row['p99_ms']:>9.2f}{ratio:>8}{errors:>8}"
        )
    for key, label in (("fanout", "idle"), ("fanout_busy", "under background writes")):
        fan = document.get(key)
        if not fan:
            continue
        if fan["merged_at_read_time"]:
            lines.append(f"fan-out: {fan['followers']} followers, merged at read time")
        else:
            lines.append(
                f"fan-out to {fan['followers']} followers ({label}): 50% {_s(fan['p50_s'])}, "
                f"90% {_s(fan['p90_s'])}, 100% {_s(fan['p100_s'])}"
            )
    if queries := document.get("queries_per_request"):
        lines.append(
            "SQL queries per request: " + ", ".join(f"{k} {v}" for k, v in queries.items())
        )
    if rate := document.get("posting_rate"):
        stages = ", ".join(
            f"{stage['rate']}/s " + ("held" if stage["holds"] else f"backlog {stage['depth_end']}")
            for stage in rate["stages"]
        )
        lines.append(
            f"posting rate without a growing backlog: {rate['sustained_posts_per_s']} posts/s "
            f"({stages}; posters have {rate['mean_followers_of_posters']} followers on average)"
        )
    if "database_mb" in document:
        lines.append(f"database size: {document['database_mb']} MB")
    lines.append("all answers 2xx" if document.get("ok") else "FAILED: some answers were not 2xx")
    return "\n".join(lines)


def compare(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Two runs side by side: req/s and p99 for every scenario and concurrency both have.

    Results of ``bench run`` are compared mode by mode.
    """
    if "modes" in before and "modes" in after:
        parts = []
        for mode, result in after["modes"].items():
            if mode in before["modes"]:
                earlier = {**before["modes"][mode], "commit": before.get("commit", "?")}
                later = {**result, "commit": after.get("commit", "?")}
                parts.append(f"== {mode}\n" + compare(earlier, later))
        return "\n".join(parts)
    earlier = {(row["scenario"], row["connections"]): row for row in before["results"]}
    header = f"{'scenario':<20}{'conns':>6}{'req/s a':>10}{'req/s b':>10}{'change':>9}"
    header += f"{'p99 a':>9}{'p99 b':>9}"
    lines = [
        f"a: {before.get('commit', '?')[:12]} {before.get('started_at', '')}",
        f"b: {after.get('commit', '?')[:12]} {after.get('started_at', '')}",
        header,
        "-" * len(header),
    ]
    for row in after["results"]:
        old = earlier.get((row["scenario"], row["connections"]))
        if old is None:
            continue
        change = f"{row['rps'] / old['rps'] - 1:+.1%}" if old["rps"] else "-"
        lines.append(
            f"{row['scenario']:<20}{row['connections']:>6}{old['rps']:>10.1f}{row['rps']:>10.1f}"
            f"{change:>9}{old['p99_ms']:>9.2f}{row['p99_ms']:>9.2f}"
        )
    return "\n".join(lines)


def _s(seconds: float | None) -> str:
    return "not reached" if seconds is None else f"{seconds:.2f} s"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _memory_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _wrk_version() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        return ""
    shown = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    return (shown.stdout or shown.stderr).split("\n", 1)[0].strip()


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return ""
    here = Path(__file__).resolve().parent
    shown = subprocess.run(  # noqa: S603 (read-only: which commit this code is)
        [git, "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return shown.stdout.strip()
