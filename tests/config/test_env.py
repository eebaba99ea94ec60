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
    assert env.load({}).web_threads == 2  # SQLite: more threads only queue for the GIL
    postgres = env.load({"DATABASE_URL": "postgres://db.internal/townsquare"})
    assert postgres.web_threads == 4  # PostgreSQL: threads wait on the network
    assert env.load({"TOWNSQUARE_WEB_THREADS": "3"}).web_threads == 3


@pytest.mark.parametrize("value", ["0", "two"])
def test_malformed_web_threads_name_the_setting(value: str) -> None:
    with pytest.raises(env.EnvironmentError_, match="TOWNSQUARE_WEB_THREADS"):
        env.load({"TOWNSQUARE_WEB_THREADS": value})
