"""The table and the comparison read what a run measured, with ratios to the floor."""

from __future__ import annotations

from townsquare.bench.report import compare, environment, table


def row(scenario, connections, rps, p99=10.0, not_2xx=0):
    return {
        "scenario": scenario, "connections": connections, "requests": int(rps * 10),
        "seconds": 10.0, "rps": rps, "p50_ms": 1.0, "p90_ms": 5.0, "p99_ms": p99,
        "max_ms": 20.0, "not_2xx": not_2xx, "socket_errors": 0,
    }  # fmt: skip


def document(*rows, ok=True, fanout=None):
    return {"results": list(rows), "ok": ok, "fanout": fanout, "commit": "abc", "started_at": "t"}


def test_each_row_shows_its_share_of_the_floor_at_the_same_concurrency():
    shown = table(document(row("floor", 1, 1000), row("floor", 8, 2000), row("home", 8, 500)))
    home = next(line for line in shown.splitlines() if line.startswith("home"))
    assert "25.0%" in home and "500.0" in home
    assert shown.endswith("all answers 2xx")


def test_a_failed_run_and_the_fan_out_are_reported():
    fan = {
        "followers": 115,
        "p50_s": 0.2,
        "p90_s": 0.3,
        "p100_s": None,
        "merged_at_read_time": False,
    }
    shown = table(document(row("home", 1, 10, not_2xx=3), ok=False, fanout=fan))
    assert "fan-out to 115 followers (idle): 50% 0.20 s, 90% 0.30 s, 100% not reached" in shown
    assert "FAILED" in shown


def test_compare_shows_the_change_for_rows_both_runs_have():
    before = document(row("home", 8, 100, p99=40.0), row("hashtag", 8, 50))
    after = document(row("home", 8, 150, p99=20.0), row("favourite", 8, 70))
    shown = compare(before, after).splitlines()
    home = next(line for line in shown if line.startswith("home"))
    assert "+50.0%" in home and "40.00" in home and "20.00" in home
    assert not any(line.startswith(("hashtag", "favourite")) for line in shown)


def test_the_environment_names_the_machine_and_versions():
    shown = environment()
    assert shown["machine"]["cpus"] >= 1
    assert shown["versions"]["python"] and shown["versions"]["django"].startswith("6.")


def test_a_row_measured_beside_its_own_floor_is_compared_with_that_floor():
    beside = {**row("home", 8, 500), "floor_rps": 1000.0}
    shown = table(document(row("floor", 8, 2000), beside))
    home = next(line for line in shown.splitlines() if line.startswith("home"))
    assert "50.0%" in home
