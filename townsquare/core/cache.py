"""The Redis cache, with one client and so one connection pool per process.

Django keeps a cache instance per context (``caches`` is an asgiref ``Local`` that is not
thread-critical), and the web threads run each request in a fresh copy of the server's
context, so a request that touched the cache built a new instance, a new connection pool
and a new connection to Redis, with its handshake: a sixth of a post's time in its web
thread, and in production, where rate limits read the cache on every API request, every
request. The pools of redis-py are safe to share between threads.
"""

from __future__ import annotations

import re
import threading
from functools import cached_property
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_clients: dict[str, RedisCacheClient] = {}
_lock = threading.Lock()


class SharedRedisCache(RedisCache):
    """Django's ``RedisCache``, whose instances share one client per servers and options."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._servers_given = re.split("[;,]", server)  # as RedisCache reads LOCATION
        self._client_options: dict[str, Any] = params.get("OPTIONS", {})
        self._shared_key = repr((self._servers_given, sorted(self._client_options.items())))

    @cached_property
    def _cache(self) -> RedisCacheClient:
        with _lock:
            client = _clients.get(self._shared_key)
            if client is None:
                client = RedisCacheClient(self._servers_given, **self._client_options)
                _clients[self._shared_key] = client
        return client
