"""Which Django handler serves a request: WSGI on a few threads, or ASGI for the streams.

Under ASGI Django runs each request's synchronous view in a thread made for that request
(asgiref's ``ThreadSensitiveContext``), so nothing a thread holds outlives its request:
every request opens a database connection of its own (on SQLite a new file handle, the
PRAGMAs and the schema read again). Django's WSGI handler on a small fixed set of threads
(a2wsgi, inside the same uvicorn) serves the same views on threads that live as long as
the process and keep their connections; on SQLite it served 2.2 times the floor's
requests per second and 1.3-1.4 times the home timeline's (README, "Serving stack").
Streams stay on the ASGI handler: a server-sent-event or WebSocket connection waits on
the event loop at no thread's cost, where on a thread of its own each would hold one of
the few for hours.

``townsquare serve`` and the benchmark floor both serve ``serving_application``, so the
floor measures exactly the path a plain request takes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi import WSGIMiddleware
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.db.utils import load_backend

from townsquare.core.body_limits import RefuseLargeBodies

# Web threads per process, measured on 2 cores (README, "Serving stack"). SQLite's calls
# keep a thread busy on the CPU, so a second thread reading beside the first only trades
# the GIL with it; PostgreSQL's round trips leave a thread waiting, and 4 served the home
# timeline 14% faster than 2.
DEFAULT_WEB_THREADS = 1
DEFAULT_WEB_THREADS_POSTGRESQL = 4
# Threads of their own for requests that write. SQLite takes one writer at a time, so one
# thread writes as fast as several, and a write waiting for the database's lock holds up
# no read. PostgreSQL takes writers side by side: there writes share the web threads.
DEFAULT_WRITE_THREADS = 1
DEFAULT_WRITE_THREADS_POSTGRESQL = 0

# The paths of the streaming views (``api.streaming``: server-sent events). They are async
# views that answer for as long as the client listens, so they need the event loop.
STREAMING_PATHS = ("/api/v1/streaming", "/live")
# Methods whose requests may carry a body: without a Content-Length (a server speaking
# HTTP/2 may pass one on without either header) they stay on ASGI, to be safe.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Methods that change something: with write threads, these requests go to them.
WRITE_METHODS = _BODY_METHODS

type _Message = dict[str, Any]
type ASGIApp = Callable[[_Message, Any, Any], Awaitable[None]]


def needs_event_loop(scope: _Message) -> bool:
    """Whether an HTTP request must stay on the ASGI handler rather than the web threads."""
    path = str(scope.get("path", ""))
    if any(path == prefix or path.startswith(f"{prefix}/") for prefix in STREAMING_PATHS):
        return True
    # Django's WSGI handler reads as many bytes as Content-Length says, so a body of
    # undeclared length (chunked) would look empty there; its ASGI handler reads it all.
    names = {name.lower() for name, _ in scope.get("headers", ())}
    if b"content-length" in names:
        return False
    return b"transfer-encoding" in names or scope.get("method") in _BODY_METHODS


def keep_connections_open() -> None:
    """Thread initializer: this thread's database connections stay open between requests.

    Settings close every connection at the end of its request (``CONN_MAX_AGE = 0``), right
    for threads made per request; a web thread lives as long as the process, so it keeps
    one connection per database instead and checks it before reusing it. A PostgreSQL
    alias with a pool keeps borrowing from the pool: Django allows no persistent connection
    beside one, and one kept per thread measured no faster.
    """
    for alias in connections:
        config = connections.settings[alias]
        if config.get("OPTIONS", {}).get("pool"):
            continue
        persistent = {**config, "CONN_MAX_AGE": None, "CONN_HEALTH_CHECKS": True}
        connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(persistent, alias)


class WebThreads(WSGIMiddleware):
    """a2wsgi's WSGI-in-ASGI adapter on ``threads`` threads that keep their connections."""

    def __init__(self, app: WSGIHandler, *, threads: int, name: str = "web") -> None:
        # Django's response is the iterable of bytes WSGI wants, but typed as a response.
        super().__init__(app, workers=threads)  # type: ignore[arg-type]
        # a2wsgi makes its executor without an initializer; no thread of it has started yet.
        self.executor = ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix=name, initializer=keep_connections_open
        )


_serving_loop: asyncio.AbstractEventLoop | None = None


def serving_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that last served a request in this process (None where none has,
    as in a worker): code on the web threads may hand it work without waiting for it."""
    return _serving_loop


class Dispatch:
    """Plain HTTP requests to ``plain`` (those that write to ``writes``, when given); streams,
    chunked bodies and WebSockets to ``other``."""

    def __init__(self, *, plain: ASGIApp, other: ASGIApp, writes: ASGIApp | None = None) -> None:
        self.plain = plain
        self.writes = plain if writes is None else writes
        self.other = other

    async def __call__(self, scope: _Message, receive: Any, send: Any) -> None:
        global _serving_loop
        _serving_loop = asyncio.get_running_loop()
        if scope["type"] != "http" or needs_event_loop(scope):
            await self.other(scope, receive, send)
        elif scope["method"] in WRITE_METHODS:
            await self.writes(scope, receive, send)
        else:
            await self.plain(scope, receive, send)


def serving_application(
    *, wsgi: WSGIHandler, asgi: ASGIApp, threads: int, write_threads: int = 0
) -> ASGIApp:
    """What uvicorn serves: Django's ``wsgi`` handler on the web threads, ``asgi`` for streams.

    With ``write_threads``, requests that write have that many threads of their own.
    Oversized bodies are refused in front of both handlers, before either reads (and
    spools) them.
    """
    # a2wsgi types its scope and messages as TypedDicts; to Dispatch they are dicts.
    plain: ASGIApp = WebThreads(wsgi, threads=threads)  # type: ignore[assignment]
    writes: ASGIApp | None = None
    if write_threads:
        writes = WebThreads(wsgi, threads=write_threads, name="write")  # type: ignore[assignment]
    return RefuseLargeBodies(Dispatch(plain=plain, other=asgi, writes=writes))
