"""Which handler a request reaches: streams and bodies of unknown length stay on ASGI."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction
from django.urls import URLPattern, URLResolver, get_resolver

from townsquare.core.dispatch import STREAMING_PATHS, Dispatch, needs_event_loop


def scope(path: str, method: str = "GET", **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [
            (name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()
        ],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/streaming/user",
        "/api/v1/streaming/public/local",
        "/api/v1/streaming/health",
        "/api/v1/streaming/nonsense",
        "/live",
    ],
)
def test_streams_stay_on_the_event_loop(path: str) -> None:
    assert needs_event_loop(scope(path))


@pytest.mark.parametrize(
    "path", ["/api/v1/timelines/home", "/api/v1/streamingly", "/lively", "/", "/@alice"]
)
def test_plain_requests_go_to_the_web_threads(path: str) -> None:
    assert not needs_event_loop(scope(path))


def test_a_declared_body_goes_to_the_web_threads() -> None:
    assert not needs_event_loop(scope("/api/v1/statuses", "POST", content_length="12"))


def test_a_body_of_unknown_length_stays_on_asgi() -> None:
    # Django's WSGI handler would read none of it.
    assert needs_event_loop(scope("/api/v1/statuses", "POST", transfer_encoding="chunked"))
    assert needs_event_loop(scope("/api/v1/statuses", "POST"))


def lane(name: str, calls: list[str]) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(name)

    return app


READS = ("GET", "HEAD", "OPTIONS")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.mark.asyncio
async def test_writes_go_to_threads_of_their_own_when_there_are_some() -> None:
    calls: list[str] = []
    dispatch = Dispatch(
        plain=lane("reads", calls), writes=lane("writes", calls), other=lane("asgi", calls)
    )
    for method in (*READS, *WRITES):
        await dispatch(scope("/api/v1/statuses", method, content_length="0"), None, None)
    await dispatch(scope("/api/v1/streaming/user"), None, None)
    await dispatch({"type": "websocket", "path": "/api/v1/streaming"}, None, None)
    assert calls == ["reads"] * len(READS) + ["writes"] * len(WRITES) + ["asgi"] * 2


@pytest.mark.asyncio
async def test_without_write_threads_writes_share_the_web_threads() -> None:
    calls: list[str] = []
    dispatch = Dispatch(plain=lane("web", calls), other=lane("asgi", calls))
    for method in (*READS, *WRITES):
        await dispatch(scope("/api/v1/statuses", method, content_length="0"), None, None)
    assert calls == ["web"] * (len(READS) + len(WRITES))


def _async_view_routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> list[str]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _async_view_routes(pattern.url_patterns, route)
        elif iscoroutinefunction(pattern.callback):
            routes.append(route)
    return routes


def test_every_async_view_is_on_a_streaming_path() -> None:
    # On the web threads an async view runs to its end before anything is sent: a stream never ends.
    routes = _async_view_routes(get_resolver().url_patterns)
    assert routes  # the SSE views are async
    for route in routes:
        assert route.startswith(STREAMING_PATHS), route
