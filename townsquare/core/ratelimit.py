"""Fixed-window request counters on Django's cache, for rate limits.

Local memory in embedded mode (one process), Redis at scale: both count with the
atomic ``add`` + ``incr`` pair, so concurrent requests never lose a hit. Limits are
named buckets in ``settings.RATE_LIMITS`` (limit, period in seconds);
``settings.RATE_LIMITS_ENABLED`` turns them all off (benchmarks).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from townsquare.core.errors import RateLimited

KEY_PREFIX = "ratelimit"


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``limit`` hits per ``period`` seconds."""

    limit: int
    period: int


@dataclass(frozen=True, slots=True)
class Usage:
    """One bucket after a hit: how much is left and when the window starts over."""

    limit: int
    remaining: int
    reset_at: float  # Unix time

    @property
    def is_exceeded(self) -> bool:
        return self.remaining < 0

    @property
    def retry_after(self) -> int:
        """Whole seconds until the window resets (at least one)."""
        return max(1, math.ceil(self.reset_at - time.time()))

    @property
    def reset_iso(self) -> str:
        """The reset time as ISO 8601 with microseconds, as Mastodon writes it."""
        moment = datetime.fromtimestamp(self.reset_at, tz=UTC)
        return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")

    def headers(self) -> dict[str, str]:
        """The ``X-RateLimit-*`` headers describing this bucket."""
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": self.reset_iso,
        }


def is_enabled() -> bool:
    return bool(getattr(settings, "RATE_LIMITS_ENABLED", True))


def rate_of(bucket: str) -> Rate:
    """The configured rate of ``bucket``; KeyError names a bucket nobody configured."""
    limit, period = settings.RATE_LIMITS[bucket]
    return Rate(limit=int(limit), period=int(period))


def hit(bucket: str, key: str, *, now: float | None = None) -> Usage:
    """Count one request of ``key`` (a token, an address, ...) in ``bucket``."""
    rate = rate_of(bucket)
    moment = time.time() if now is None else now
    window = int(moment // rate.period)
    # Keys are digests: tokens and e-mail addresses never sit in the cache in the clear.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"{KEY_PREFIX}:{bucket}:{window}:{digest}"
    # The key outlives its window a little, so a late incr never finds it gone.
    cache.add(cache_key, 0, timeout=rate.period + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: this hit starts it again
        cache.add(cache_key, 1, timeout=rate.period + 5)
        count = 1
    return Usage(
        limit=rate.limit,
        remaining=rate.limit - int(count),
        reset_at=float((window + 1) * rate.period),
    )


def closest(usages: list[Usage]) -> Usage:
    """Of overlapping limits, the one nearest to being exceeded (what the headers show)."""
    return min(usages, key=lambda usage: (usage.remaining, -usage.reset_at))


def enforce(bucket: str, *keys: str, message: str) -> None:
    """Count a hit for each key; RateLimited (saying when to retry) if any is over its limit."""
    if not is_enabled():
        return
    usages = [hit(bucket, key) for key in keys]
    exceeded = [usage for usage in usages if usage.is_exceeded]
    if exceeded:
        retry_after = max(usage.retry_after for usage in exceeded)
        raise RateLimited(f"{message} {when(retry_after)}", retry_after=retry_after)


def count_log_in_attempt(address: str, username: str) -> None:
    """One password tried (web form or OAuth password grant); RateLimited when too many.

    Counted per address, and per address and account, so one network can neither
    guess one password nor spray a common one over many accounts.
    """
    message = "Too many log-in attempts."
    enforce("log_in_address", address, message=message)
    enforce("log_in", f"{address} {username.strip().lower()}", message=message)


def when(seconds: int) -> str:
    """ "Try again in 3 minutes." for people reading a page."""
    if seconds < 60:
        unit, count = "second", seconds
    else:
        unit, count = "minute", math.ceil(seconds / 60)
    return f"Try again in {count} {unit}{'' if count == 1 else 's'}."
