"""Which handler a request reaches: streams and bodies of unknown length stay on ASGI."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction
from django.urls import URLPattern, URLResolver, get_resolver

from townsquare.core import dispatch
from townsquare.core.dispatch import STREAMING_PATHS, TakingTurns, needs_event_loop


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


def _in_threads(app: TakingTurns, count: int, calls: int) -> None:
    def serve() -> None:
        for _ in range(calls):
            app({}, None)

    threads = [threading.Thread(target=serve) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()


def test_web_threads_taking_turns_run_one_request_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A long wait, so that a thread descheduled mid-request can't let another in.
    monkeypatch.setattr(dispatch, "TURN_WAIT_SECONDS", 30.0)
    inside: list[int] = []
    most = [0]

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        inside.append(1)
        most[0] = max(most[0], len(inside))
        time.sleep(0.0001)  # gives up the interpreter lock, as SQLite does
        inside.pop()
        return [b"ok"]

    _in_threads(TakingTurns(app), count=3, calls=200)  # type: ignore[arg-type]

    assert most[0] == 1


def test_a_slow_request_does_not_hold_the_other_web_threads_back() -> None:
    # The first request waits until a second one has run: without a bounded wait for
    # the turn, the second would wait for the first forever.
    second_ran = threading.Event()
    first_in = threading.Event()
    finished: list[str] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ.get("first"):
            first_in.set()
            assert second_ran.wait(timeout=30)
            finished.append("first")
        else:
            second_ran.set()
            finished.append("second")
        return [b"ok"]

    turns = TakingTurns(app)  # type: ignore[arg-type]
    first = threading.Thread(target=turns, args=({"first": True}, None))
    first.start()
    assert first_in.wait(timeout=30)
    turns({}, None)
    first.join(timeout=30)

    assert finished == ["second", "first"]
