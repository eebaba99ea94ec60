"""Fixed-window counters: what a hit leaves, when a window resets, and the switch."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from townsquare.core import ratelimit
from townsquare.core.errors import RateLimited

T0 = 1_800_000_000.0  # a moment at the start of a 60-second window


@pytest.fixture
def tiny(settings: Settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (2, 60)}


@pytest.mark.usefixtures("tiny")
def test_hits_count_down_to_the_limit_and_past_it() -> None:
    first = ratelimit.hit("api", "someone", now=T0)
    second = ratelimit.hit("api", "someone", now=T0 + 1)
    third = ratelimit.hit("api", "someone", now=T0 + 2)

    assert (first.limit, first.remaining, first.is_exceeded) == (2, 1, False)
    assert (second.remaining, second.is_exceeded) == (0, False)
    assert third.is_exceeded and third.headers()["X-RateLimit-Remaining"] == "0"
    assert third.reset_at == T0 + 60
    assert third.headers()["X-RateLimit-Reset"] == "2027-01-15T08:01:00.000000Z"


@pytest.mark.usefixtures("tiny")
def test_keys_are_counted_apart_and_a_new_window_starts_afresh() -> None:
    for _ in range(3):
        ratelimit.hit("api", "busy", now=T0)

    assert ratelimit.hit("api", "quiet", now=T0).remaining == 1
    assert ratelimit.hit("api", "busy", now=T0 + 60).remaining == 1


@pytest.mark.usefixtures("tiny")
def test_enforce_says_when_to_retry(settings: Settings) -> None:
    ratelimit.enforce("api", "k", message="Too many.")
    ratelimit.enforce("api", "k", message="Too many.")
    with pytest.raises(RateLimited) as raised:
        ratelimit.enforce("api", "k", message="Too many.")

    assert 1 <= raised.value.retry_after <= 60
    assert raised.value.message.startswith("Too many. Try again in ")

    settings.RATE_LIMITS_ENABLED = False
    ratelimit.enforce("api", "k", message="Too many.")  # switched off: never refused


def test_the_headers_describe_the_limit_closest_to_running_out() -> None:
    roomy = ratelimit.Usage(limit=300, remaining=200, reset_at=T0)
    tight = ratelimit.Usage(limit=30, remaining=3, reset_at=T0 + 600)

    assert ratelimit.closest([roomy, tight]) is tight


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (45, "45 seconds"), (60, "1 minute"), (61, "2 minutes")],
)
def test_when_reads_naturally(seconds: int, text: str) -> None:
    assert ratelimit.when(seconds) == f"Try again in {text}."
