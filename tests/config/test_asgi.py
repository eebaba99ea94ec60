"""The served application (what ``townsquare serve`` runs), over real HTTP on loopback:
plain requests on the web threads, each thread keeping one database connection, and
server-sent events on Django's ASGI handler."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection
from django.db.backends.signals import connection_created

from tests.api.conftest import token_for
from townsquare.accounts.models import Account

REQUESTS = 8
TIMEOUT = 10


@pytest.fixture
def handlers() -> Iterator[list[type]]:
    """The handler class of every request Django starts while the test runs."""
    seen: list[type] = []

    def note(sender: type, **kwargs: Any) -> None:
        seen.append(sender)

    request_started.connect(note, weak=False)
    yield seen
    request_started.disconnect(note)


@pytest.fixture
def request_threads() -> Iterator[list[str]]:
    """The name of the thread each request Django starts while the test runs is served on."""
    seen: list[str] = []

    def note(sender: type, **kwargs: Any) -> None:
        seen.append(threading.current_thread().name.rstrip("_0123456789"))

    request_started.connect(note, weak=False)
    yield seen
    request_started.disconnect(note)


@dataclass
class Opened:
    """Database connections opened (or borrowed from a pool) while the test runs."""

    threads: list[str] = field(default_factory=list)


@pytest.fixture
def opened() -> Iterator[Opened]:
    seen = Opened()

    def note(sender: Any, connection: Any, **kwargs: Any) -> None:
        seen.threads.append(threading.current_thread().name)

    connection_created.connect(note, weak=False)
    yield seen
    connection_created.disconnect(note)


def get(url: str, token: str, *, form: bytes | None = None) -> int:
    """The status of a GET, or of a POST of ``form`` (url-encoded)."""
    request = urllib.request.Request(  # noqa: S310 (our own http:// URL)
        url, data=form, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        response.read()
        return int(response.status)


def test_plain_requests_reuse_the_web_threads_connections(
    asgi_server: str, alice: Account, handlers: list[type], opened: Opened
) -> None:
    token = token_for(alice)
    for _ in range(REQUESTS):
        assert get(f"{asgi_server}/api/v1/accounts/verify_credentials", token) == 200
    assert handlers == [WSGIHandler] * REQUESTS
    assert all(name.startswith("web") for name in opened.threads)
    if not connection.settings_dict["OPTIONS"].get("pool"):
        # Each web thread opens one connection at most (none if an earlier test did);
        # closed after every request, they would have opened one each. (With a pool each
        # request borrows a connection: which one is the pool's business, and a busy
        # machine makes it open more.)
        assert len(opened.threads) <= settings.TOWNSQUARE_WEB_THREADS < REQUESTS


def test_writes_are_answered_on_threads_of_their_own(
    asgi_server: str, alice: Account, request_threads: list[str]
) -> None:
    token = token_for(alice)
    assert get(f"{asgi_server}/api/v1/statuses", token, form=b"status=Hello") == 200
    assert get(f"{asgi_server}/api/v1/timelines/home", token) == 200
    # SQLite's one writer at a time: a write waiting for its lock holds up no read.
    writes = "write" if settings.TOWNSQUARE_WRITE_THREADS else "web"
    assert request_threads == [writes, "web"]


def test_server_sent_events_stay_on_the_asgi_handler(
    asgi_server: str, alice: Account, handlers: list[type]
) -> None:
    request = urllib.request.Request(  # noqa: S310 (our own http:// URL)
        f"{asgi_server}/api/v1/streaming/user",
        headers={"Authorization": f"Bearer {token_for(alice)}"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        assert response.headers["Content-Type"].startswith("text/event-stream")
        # The web threads would answer only once the view had finished: a stream never does.
        assert response.read(4) == b":)\n\n"
    assert handlers == [ASGIHandler]
