"""``townsquare serve``: uvicorn, with the task worker in the same process.

It serves ``config.asgi``: plain requests on Django's WSGI handler on the web threads,
streams on its ASGI handler (``core.dispatch``). One process: in the embedded mode the
channel layer and the cache live in it, so a second one would miss live updates
(README, "Serving stack", has the measurement of two).
"""

from __future__ import annotations

import signal
import socket
import warnings
from argparse import ArgumentParser, BooleanOptionalAction
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from townsquare.core.startup import freeze_loaded_objects, limit_malloc_arenas
from townsquare.web.management.task_worker import BackgroundWorker, uses_database_queue

# Seconds open connections get to finish when the server stops.
GRACEFUL_SHUTDOWN = 10


def unapplied_migrations() -> int:
    """How many migrations the database still lacks."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.prepare_database()
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def prepare_static_files() -> None:
    """Serve static files from the apps (WhiteNoise's finders): no collectstatic needed."""
    # WhiteNoise warns when STATIC_ROOT is missing, although the finders serve everything.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Static and media files are read with synchronous iterators: under ASGI Django reads
    # each one whole in a thread (fine at a few MB, the upload cap) and warns every time.
    warnings.filterwarnings(
        "ignore", message="StreamingHttpResponse must consume synchronous iterators"
    )


def asgi_target() -> str:
    """``ASGI_APPLICATION`` ("package.module.name") in uvicorn's "package.module:name" form."""
    module, _, name = str(settings.ASGI_APPLICATION).rpartition(".")
    return f"{module}:{name}"


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that says where to find it once it listens, not before."""

    def __init__(self, config: uvicorn.Config, *, announce: Callable[[], None]) -> None:
        super().__init__(config)
        self._announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._announce()


class Command(BaseCommand):
    help = "Serve Townsquare over HTTP (and run the task worker, unless it runs elsewhere)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--proxy-headers",
            action=BooleanOptionalAction,
            default=False,
            help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips (behind a proxy).",
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default="127.0.0.1",
            help="Comma-separated proxy addresses whose forwarded headers are trusted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit_malloc_arenas()
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"The database lacks {pending} migration(s): run `townsquare migrate` first.",
                returncode=2,
            )
        prepare_static_files()
        host: str = options["host"]
        port: int = options["port"]
        shown_host = f"[{host}]" if ":" in host else host
        url = f"http://{shown_host}:{port}/"
        server = AnnouncingServer(
            uvicorn.Config(
                asgi_target(),
                host=host,
                port=port,
                lifespan="off",
                proxy_headers=options["proxy_headers"],
                forwarded_allow_ips=options["forwarded_allow_ips"],
                log_level="info",
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
            ),
            announce=lambda: self.stdout.write(f"Townsquare is running at {url} (Ctrl+C to stop)"),
        )
        # Built now rather than by uvicorn, so start-up's objects can be frozen first.
        import_module(asgi_target().partition(":")[0])
        freeze_loaded_objects()
        worker = self._start_worker()
        # uvicorn handles SIGINT/SIGTERM while it serves, then restores these handlers and
        # raises the signal again: catching it here lets the worker finish its task first.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal_after_shutdown)
        try:
            server.run()
        finally:
            if worker is not None and not worker.stop():
                self.stderr.write("The task worker did not stop in time; its task is unfinished.")
        self.stdout.write("Townsquare stopped.")

    def _start_worker(self) -> BackgroundWorker | None:
        if not bool(settings.TOWNSQUARE["IN_PROCESS_WORKER"]):
            self.stdout.write("Tasks run in `townsquare worker` processes (in-process worker off).")
            return None
        if not uses_database_queue():
            return None
        worker = BackgroundWorker()
        worker.start()
        return worker

    def _on_signal_after_shutdown(self, signum: int, frame: FrameType | None) -> None:
        # The server has already shut down gracefully; returning lets handle() finish.
        pass
