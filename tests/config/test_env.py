"""The settings read from the environment: rate limits, web threads."""

from __future__ import annotations

import pytest

from townsquare.config import env


def test_rate_limits_are_on_with_mastodon_like_defaults() -> None:
    loaded = env.load({})

    assert loaded.rate_limits_enabled is True
    assert loaded.rate_limits["api"] == (300, 300)
    assert loaded.rate_limits["sign_up"] == (5, 1800)
    assert loaded.rate_limits["log_in"] == (5, 300)


def test_each_bucket_and_the_switch_can_be_set() -> None:
    loaded = env.load({"TOWNSQUARE_RATE_LIMITS": "false", "TOWNSQUARE_RATE_LIMIT_API": "1000/1h"})

    assert loaded.rate_limits_enabled is False
    assert loaded.rate_limits["api"] == (1000, 3600)


@pytest.mark.parametrize("value", ["300", "x/5m", "300/5y", "0/5m", "300/0m", "300/"])
def test_a_malformed_limit_names_the_setting(value: str) -> None:
    with pytest.raises(env.EnvironmentError_, match="TOWNSQUARE_RATE_LIMIT_MEDIA"):
        env.load({"TOWNSQUARE_RATE_LIMIT_MEDIA": value})


def test_web_threads_default_by_database() -> None:
    sqlite = env.load({})
    # SQLite: a second reading thread only trades the GIL; one writer at a time.
    assert (sqlite.web_threads, sqlite.write_threads) == (1, 1)
    postgres = env.load({"DATABASE_URL": "postgres://db.internal/townsquare"})
    # PostgreSQL: threads wait on the network, and writes share them.
    assert (postgres.web_threads, postgres.write_threads) == (4, 0)
    chosen = env.load({"TOWNSQUARE_WEB_THREADS": "3", "TOWNSQUARE_WRITE_THREADS": "0"})
    assert (chosen.web_threads, chosen.write_threads) == (3, 0)


@pytest.mark.parametrize("value", ["0", "two"])
def test_malformed_web_threads_name_the_setting(value: str) -> None:
    with pytest.raises(env.EnvironmentError_, match="TOWNSQUARE_WEB_THREADS"):
        env.load({"TOWNSQUARE_WEB_THREADS": value})


@pytest.mark.parametrize("value", ["-1", "one"])
def test_malformed_write_threads_name_the_setting(value: str) -> None:
    with pytest.raises(env.EnvironmentError_, match="TOWNSQUARE_WRITE_THREADS"):
        env.load({"TOWNSQUARE_WRITE_THREADS": value})
