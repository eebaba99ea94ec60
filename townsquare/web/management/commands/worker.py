"""``townsquare worker``: a standalone task worker, as many as you like, on any machine.

It is django-tasks-db's ``db_worker`` with Townsquare's defaults: every queue, a short
poll interval, no autoreload and an id naming the host. On PostgreSQL the workers
claim tasks with ``SELECT ... FOR UPDATE SKIP LOCKED``, so they never run one twice.
Each worker also runs the clock of periodic jobs; a claim in the shared cache lets one
of them queue each round.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from townsquare.web.management.task_worker import POLL_INTERVAL, PeriodicClock, worker_id


class Command(DatabaseWorkerCommand):
    help = "Run background tasks from the database queue until stopped (Ctrl+C or SIGTERM)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(
            queue_name="*",
            interval=POLL_INTERVAL,
            reload=False,
            startup_delay=True,
            worker_id=worker_id(),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clock = PeriodicClock()
        clock.start()
        try:
            super().handle(*args, **options)
        finally:
            clock.stop()
