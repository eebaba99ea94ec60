"""The Redis cache keeps one client per process, whichever context a request runs in."""

from __future__ import annotations

import contextvars
from typing import cast

from django.core.cache import caches
from django.test import override_settings

from townsquare.core.cache import SharedRedisCache

REDIS = {
    "default": {
        "BACKEND": "townsquare.core.cache.SharedRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


def test_requests_in_fresh_contexts_share_one_redis_client() -> None:
    # Each web request runs in a copy of the server's context, where Django makes a new
    # cache instance: the instances differ, their client (and connection pool) must not.
    with override_settings(CACHES=REDIS):
        first = cast("SharedRedisCache", contextvars.copy_context().run(lambda: caches["default"]))
        second = cast("SharedRedisCache", contextvars.copy_context().run(lambda: caches["default"]))
    assert isinstance(first, SharedRedisCache) and first is not second
    assert first._cache is second._cache


def test_other_servers_or_options_get_a_client_of_their_own() -> None:
    base = SharedRedisCache("redis://127.0.0.1:6379/15", {})
    other_db = SharedRedisCache("redis://127.0.0.1:6379/14", {})
    other_options = SharedRedisCache("redis://127.0.0.1:6379/15", {"OPTIONS": {"db": 3}})
    assert base._cache is not other_db._cache
    assert base._cache is not other_options._cache
    assert base._cache is SharedRedisCache("redis://127.0.0.1:6379/15", {})._cache
