"""What a run learns from the server's own database: queries per request and its size.

Both need the harness to share the server's database (as fan-out timing does). Queries
are counted by replaying one request of each scenario through Django's test client in
this process, with the same settings and middleware as the server: nothing is added to
the server's request path, so production pays nothing for it.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from townsquare.bench.target import Target

SAMPLES = 3


def database_mb() -> float:
    """The size of the database: the SQLite file and its WAL, or PostgreSQL's own count."""
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        files = [name, name.with_name(name.name + "-wal")]
        return round(sum(f.stat().st_size for f in files if f.exists()) / 2**20, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(int(cursor.fetchone()[0]) / 2**20, 1)


def autovacuum_is_off() -> bool:
    """Whether the server is PostgreSQL with autovacuum turned off: its tables then keep
    every dead row and lose index-only scans, and no run on it says much about another."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return str(cursor.fetchone()[0]) == "off"


def queries_per_request(target: Target, scenarios: list[str]) -> dict[str, float]:
    """The mean number of SQL queries one request of each scenario runs, once warm."""
    counts: dict[str, float] = {}
    for name in scenarios:
        total = 0
        for sample in range(SAMPLES):
            person = target.people[sample % len(target.people)]
            method, path, data = _request(name, target, sample)
            client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {person.token}")
            if method == "GET":
                # Counted warm, as a server under load answers it: the first request reads
                # the versions of posts and people it had not seen (``rows.Revised``).
                client.get(path)
            with CaptureQueriesContext(connection) as captured:
                if method == "POST":
                    answer = client.post(
                        path, data, content_type="application/x-www-form-urlencoded"
                    )
                else:
                    answer = client.get(path)
            if not 200 <= answer.status_code < 300:
                raise RuntimeError(f"{name}: {path} answered {answer.status_code}")
            total += len(captured)
        counts[name] = round(total / SAMPLES, 1)
    return counts


def _request(name: str, target: Target, sample: int) -> tuple[str, str, str]:
    person = target.people[sample % len(target.people)]
    deep = [p for p in target.people if p.deep_max_id] or target.people[:1]
    status = target.status_ids[sample % len(target.status_ids)]
    paths = {
        "home": "/api/v1/timelines/home",
        "home_deep": f"/api/v1/timelines/home?max_id={deep[0].deep_max_id or '0'}",
        "public_local": "/api/v1/timelines/public?local=true",
        "account_statuses": f"/api/v1/accounts/{person.account_id}/statuses",
        "hashtag": f"/api/v1/timelines/tag/{urllib.parse.quote(target.hashtag)}",
        "verify_credentials": "/api/v1/accounts/verify_credentials",
    }
    if name in paths:
        return "GET", paths[name], ""
    if name == "favourite":
        return "POST", f"/api/v1/statuses/{status}/favourite", ""
    if name == "create_post":
        return "POST", "/api/v1/statuses", "visibility=public&status=Counting+queries"
    raise ValueError(f"No query probe for scenario {name!r}")
