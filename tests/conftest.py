"""Fixtures every test may use: named people, and running after-commit work."""

from __future__ import annotations

import functools
import io
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import uvicorn
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.media.models import MediaAttachment

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service or browser is missing; in CI that is a failure."""
    if IN_CI:
        pytest.fail(f"CI requires it: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _own_cache(settings: Any) -> None:
    """Each test counts rate limits (and caches anything) afresh, under its own key prefix.

    The limits stay at their defaults; tests about limits lower them with ``settings``.
    A prefix rather than ``cache.clear()``: parallel workers share one Redis database.
    """
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for alias, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _no_kept_versions() -> Iterator[None]:
    """Each test reads rows afresh: versions kept by another test's committed rows (a
    transactional test's, a live server's) never serve it."""
    rows.forget_revisions()
    yield
    rows.forget_revisions()


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[Any]]:
    """``with committed(): ...`` runs after-commit work (events, tasks) as a commit would."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def alice(db: None) -> Account:
    return AccountFactory.create(username="alice", display_name="Alice")


@pytest.fixture
def bob(db: None) -> Account:
    return AccountFactory.create(username="bob", display_name="Bob")


@pytest.fixture
def carol(db: None) -> Account:
    return AccountFactory.create(username="carol", display_name="Carol")


@pytest.fixture
def dave(db: None) -> Account:
    return AccountFactory.create(username="dave", display_name="Dave")


@pytest.fixture
def make_image(db: None) -> Callable[..., MediaAttachment]:
    """``make_image(owner, description="")``: a stored, unattached 4x3 image owned by ``owner``.

    Built without the upload pipeline, for tests about what holds images rather than images.
    """

    def make(owner: Account, description: str = "") -> MediaAttachment:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 3), "red").save(buffer, format="PNG")
        data = buffer.getvalue()
        return MediaAttachment.objects.create(
            owner=owner,
            file=ContentFile(data, name="image.png"),
            thumbnail=ContentFile(data, name="thumb.png"),
            content_type="image/png",
            width=4,
            height=3,
            byte_size=len(data),
            description=description,
        )

    return make


# Seconds a test server gets to start on a busy machine.
SERVER_START_SECONDS = 30.0


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """The ASGI application (what ``townsquare serve`` runs) on a free loopback port; its URL.

    pytest-django's ``live_server`` speaks WSGI, which can't hold the event streams the
    pages and the streaming API keep open, so browser and streaming tests use this one.
    """
    from townsquare.config.asgi import application  # loads the URLconf: not at collection

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=SERVER_START_SECONDS)
