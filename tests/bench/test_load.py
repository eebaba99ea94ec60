"""``bench load`` against a live server: every scenario runs, and a non-2xx fails the run."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import skip_or_fail
from townsquare.bench import dataset, importer, runner
from townsquare.bench.load import Scenario, run_wrk
from townsquare.bench.report import table
from townsquare.bench.target import Person, Target, read_tokens

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TINY = dataset.Size("tiny", people=40, posts=400, median_following=8)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """As a benched server runs (TOWNSQUARE_RATE_LIMITS=false): wrk would hit every limit."""
    settings.RATE_LIMITS_ENABLED = False


@pytest.fixture
def tokens(tmp_path):
    if shutil.which("wrk") is None:
        skip_or_fail("wrk is not installed (apt-get install -y wrk)")
    dump = tmp_path / "tiny.jsonl"
    with dump.open("w") as out:
        dataset.write_dump(TINY, out)
    importer.import_dump(dump, report=lambda _: None)
    path = tmp_path / "tokens"
    importer.write_tokens(path, count=TINY.people, report=lambda _: None)
    return read_tokens(path)


def test_a_short_run_measures_every_scenario_the_floor_and_the_fan_out(live_server, tokens):
    plan = runner.Plan(
        url=live_server.url, tokens=tokens, seconds=1, warmup_seconds=0, connections=[1]
    )
    messages: list[str] = []

    document = runner.run(plan, report=messages.append)

    measured = {row["scenario"] for row in document["results"]}
    assert measured == {"floor", *plan.scenarios}
    assert all(row["requests"] > 0 for row in document["results"]), document["results"]
    assert document["ok"], table(document)
    assert document["fanout"]["followers"] > 0 and document["fanout"]["p100_s"] is not None
    assert document["machine"]["cpus"] and document["versions"]["django"]
    assert "floor" in table(document)
    assert any("create_post at 1 connections" in line for line in messages)
    assert not any("rate-limits" in line for line in messages)


def test_an_answer_that_is_not_2xx_fails_the_run(live_server):
    if shutil.which("wrk") is None:
        skip_or_fail("wrk is not installed (apt-get install -y wrk)")
    person = Person(token="not-a-token", account_id="1", followers=0)
    target = Target(live_server.url, people=[person], status_ids=["1"], hashtag="topic0")
    missing = Scenario("missing", 'wrk.format("GET", "/api/v1/statuses/1")')

    result = run_wrk(missing, target, url=live_server.url, connections=1, seconds=1)

    assert result.requests > 0 and result.not_2xx == result.requests
    assert not result.is_ok
