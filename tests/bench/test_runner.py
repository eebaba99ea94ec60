"""Each scenario is compared with the floor measured just before and after it."""

from __future__ import annotations

from typing import Any

import pytest

from townsquare.bench import runner
from townsquare.bench.load import BY_NAME, Result
from townsquare.bench.target import Target


def test_each_scenario_gets_the_mean_of_the_floors_around_it(monkeypatch: pytest.MonkeyPatch):
    # The machine slows down as the run goes on: the floor measures 1000, 800, then 600.
    measured = iter([1000.0, 250.0, 800.0, 150.0, 600.0])
    order: list[str] = []

    def fake_wrk(scenario: Any, target: Any, *, url: str, connections: int, seconds: float):
        order.append(scenario.name)
        rps = next(measured)
        return Result(scenario.name, connections, int(rps), 1.0, rps, 1, 2, 3, 4, 0, 0)

    monkeypatch.setattr(runner, "run_wrk", fake_wrk)
    plan = runner.Plan(url="http://townsquare", tokens=[], warmup_seconds=0, connections=[8])
    target = Target(url="http://townsquare", people=[], status_ids=[], hashtag="topic0")
    scenarios = [BY_NAME["home"], BY_NAME["hashtag"]]

    results = runner._measure(scenarios, target, plan, "http://floor", report=lambda _: None)

    assert order == ["floor", "home", "floor", "hashtag", "floor"]
    by_name = {row["scenario"]: row for row in results}
    assert by_name["home"]["floor_rps"] == 900.0  # 250 of 900: 27.8%, not 25% of 1000
    assert by_name["hashtag"]["floor_rps"] == 700.0
    assert by_name["floor"]["rps"] == 800.0  # the median of the floor's three runs
