"""``bench run`` and its probes: both modes in one table, memory, queries, size, backlog."""

from __future__ import annotations

import json
import os
import shutil

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult
from oauth2_provider.models import AccessToken

from tests.conftest import skip_or_fail
from townsquare.bench import backlog, dataset, importer, modes, probes
from townsquare.bench.processes import mode_environment, process_memory
from townsquare.bench.report import compare, table
from townsquare.bench.target import Person, Target, read_tokens
from townsquare.posts.models import Post

TINY = dataset.Size("tiny", people=30, posts=200, median_following=6)


def load_result(rps_home, *, mode="embedded"):
    rows = [
        {"scenario": "floor", "connections": 8, "rps": 1000.0, "p99_ms": 2.0},
        {"scenario": "home", "connections": 8, "rps": rps_home, "p99_ms": 9.0},
    ]
    for row in rows:
        row.update(p50_ms=1.0, p90_ms=2.0, not_2xx=0, socket_errors=0)
    return {
        "results": rows,
        "ok": True,
        "mode": mode,
        "web_processes": 2 if mode == "scale" else 1,
        "worker_processes": 2 if mode == "scale" else 0,
        "memory": {"web": [{"rss_mb": 90.0, "peak_rss_mb": 95.0}], "worker": []},
        "queries_per_request": {"home": 4.0},
        "database_mb": 12.5,
        "fanout": {"followers": 9, "p50_s": 0.1, "p90_s": 0.2, "p100_s": 0.3,
                   "merged_at_read_time": False},
        "posting_rate": {"sustained_posts_per_s": 50, "mean_followers_of_posters": 20.0,
                         "stages": [{"rate": 50, "holds": True, "depth_end": 3},
                                    {"rate": 100, "holds": False, "depth_end": 400}]},
    }  # fmt: skip


def test_both_modes_share_one_table_with_ratios_queries_memory_and_rates():
    document = {"modes": {"embedded": load_result(300.0), "scale": load_result(450.0)}}

    shown = modes.side_by_side(document)

    home = next(line for line in shown.splitlines() if line.startswith("home"))
    assert "300.0" in home and "450.0" in home and "30%" in home and "45%" in home
    assert "4.0" in home  # SQL queries per request
    assert "peak RSS web 95 MB" in shown and "database 12.5 MB" in shown
    assert "sustained 50 posts/s" in shown and "fan-out idle to 9: p100 0.3 s" in shown


def test_a_single_load_table_shows_the_new_measurements():
    shown = table(load_result(300.0))

    assert "SQL queries per request: home 4.0" in shown
    assert "posting rate without a growing backlog: 50 posts/s" in shown
    assert "100/s backlog 400" in shown and "database size: 12.5 MB" in shown


def test_compare_goes_mode_by_mode():
    before = {"commit": "a", "modes": {"embedded": load_result(300.0)}}
    after = {"commit": "b", "modes": {"embedded": load_result(600.0), "scale": load_result(1)}}

    shown = compare(before, after)

    assert "== embedded" in shown and "+100.0%" in shown and "== scale" not in shown


def test_memory_is_read_from_proc():
    if not os.path.exists(f"/proc/{os.getpid()}/status"):
        pytest.skip("no /proc on this system")
    memory = process_memory(os.getpid())
    assert 0 < memory["rss_mb"] <= memory["peak_rss_mb"]
    assert process_memory(2**22 + 7) == {"rss_mb": 0.0, "peak_rss_mb": 0.0}


def test_a_mode_environment_replaces_the_callers_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("TOWNSQUARE_FANOUT_THRESHOLD", "5")

    embedded = mode_environment(data_dir=tmp_path, rate_limits=False)
    scale = mode_environment(
        data_dir=tmp_path, database_url="postgres://h/db", redis_url="redis://h/9",
        in_process_worker=False,
    )  # fmt: skip

    assert "DATABASE_URL" not in embedded and "TOWNSQUARE_FANOUT_THRESHOLD" not in embedded
    assert embedded["TOWNSQUARE_RATE_LIMITS"] == "false"
    assert embedded["TOWNSQUARE_IN_PROCESS_WORKER"] == "true"
    assert scale["DATABASE_URL"] == "postgres://h/db" and scale["REDIS_URL"] == "redis://h/9"
    assert scale["TOWNSQUARE_IN_PROCESS_WORKER"] == "false"


@pytest.mark.django_db(transaction=True)
def test_queries_size_and_queue_depth_come_from_the_servers_database(tmp_path):
    dump = tmp_path / "tiny.jsonl"
    with dump.open("w") as out:
        dataset.write_dump(TINY, out)
    importer.import_dump(dump, report=lambda _: None)
    tokens = tmp_path / "tokens"
    importer.write_tokens(tokens, count=5, report=lambda _: None)
    people = []
    for token in read_tokens(tokens):
        account_id = AccessToken.objects.get(token=token).user_id
        people.append(Person(token=token, account_id=str(account_id), followers=1))
    status = Post.objects.filter(visibility="public").values_list("id", flat=True)[0]
    target = Target("http://unused", people, [str(status)], "topic0")

    counted = probes.queries_per_request(target, ["home", "verify_credentials", "create_post"])

    assert all(count >= 1 for count in counted.values()), counted
    assert probes.database_mb() > 0
    # Tests run tasks at once, so nothing waits; a row left READY counts.
    assert backlog.queue_depth() == DBTaskResult.objects.filter(status="READY").count()


@pytest.mark.slow
@pytest.mark.django_db
def test_search_latency_smoke(tmp_path, capsys):
    out = tmp_path / "search.json"

    call_command("bench", "search", "--posts", "300", "--samples", "5", "--json", str(out))

    shown = capsys.readouterr().out
    document = json.loads(out.read_text())
    assert document["backend"] == connection.vendor and document["posts"] == 300
    assert {(row["path"], row["query"]) for row in document["results"]} == {
        ("selector", "typical"), ("api", "typical"), ("selector", "common"), ("api", "common"),
    }  # fmt: skip
    assert document["commit"] is not None and "typical" in shown
    # The "common" query's words are in most posts, so something is always found.
    assert all(row["mean_hits"] > 0 for row in document["results"] if row["query"] == "common")


@pytest.mark.slow
def test_bench_run_embedded_end_to_end(tmp_path):
    """The embedded mode started, imported, loaded and measured by ``bench run`` (tiny size)."""
    if shutil.which("wrk") is None:
        skip_or_fail("wrk is not installed (apt-get install -y wrk)")
    if os.environ.get("DATABASE_URL"):
        pytest.skip("The embedded mode runs on SQLite; the SQLite suite covers it.")
    with (tmp_path / "bench-tiny.jsonl").open("w") as out:
        dataset.write_dump(TINY, out)
    plan = modes.RunPlan(
        size="tiny", work_dir=tmp_path, modes=("embedded",),
        load_args=["--duration", "1", "--warmup", "0", "--connections", "2",
                   "--scenarios", "home", "--rate-seconds", "1", "--max-rate", "10",
                   "--busy-rate", "5"],
    )  # fmt: skip

    document = modes.run(plan, report=lambda _: None)

    result = document["modes"]["embedded"]
    assert document["ok"], modes.side_by_side(document)
    assert {row["scenario"] for row in result["results"]} == {"floor", "home"}
    assert result["memory"]["web"][0]["peak_rss_mb"] > 0 and result["database_mb"] > 0
    assert result["queries_per_request"]["home"] >= 1
    assert result["fanout"]["p100_s"] is not None and "fanout_busy" in result
    assert [stage["rate"] for stage in result["posting_rate"]["stages"]] == [10]
    assert document["commit"] is not None
    assert "embedded req/s" in modes.side_by_side(document)


@pytest.mark.django_db
def test_the_scale_mode_creates_its_database_when_the_server_lacks_it() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs a PostgreSQL server (it runs in `make test-postgres`)")
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    name = f"bench_created_{os.getpid()}"
    url = f"postgres://{user}@{host}:{port}/{name}"
    try:
        assert modes.ensure_database(url) is True
        assert modes.ensure_database(url) is False  # there now: left as it is
    finally:
        maintenance = f"postgres://{user}@{host}:{port}/postgres"
        with psycopg.connect(maintenance, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
    with pytest.raises(modes.ModeError, match="names no database"):
        modes.ensure_database(f"postgres://{user}@{host}:{port}/")


@pytest.mark.django_db
def test_autovacuum_is_reported_off_only_by_a_postgresql_server_that_turned_it_off():
    if connection.vendor == "sqlite":
        assert probes.autovacuum_is_off() is False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'autovacuum'")
        setting = cursor.fetchone()[0]
    assert probes.autovacuum_is_off() is (setting == "off")
