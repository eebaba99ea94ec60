"""``townsquare worker``: a standalone task worker, as many as you like, on any machine.

It is django-tasks-db's ``db_worker`` with Townsquare's defaults: every queue, a short
poll interval, no autoreload, an id naming the host, and our ``DrainingWorker`` loop
(which keeps its database connection while there is work). On PostgreSQL the workers
claim tasks with ``SELECT ... FOR UPDATE SKIP LOCKED``, so they never run one twice.
Each worker also runs the clock of periodic jobs; a claim in the shared cache lets one
of them queue each round.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from townsquare.core.startup import freeze_loaded_objects, limit_malloc_arenas
from townsquare.web.management.task_worker import (
    POLL_INTERVAL,
    PeriodicClock,
    new_worker,
    worker_id,
)


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
        limit_malloc_arenas()
        self.configure_logging(options["verbosity"])
        reload = options["reload"] and not options["batch"]
        excluded = [name for name in options["exclude_queues"].split(",") if name]
        queues = options["queue_name"].split(",")
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = new_worker(
            identifier=options["worker_id"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            queue_names=queues,
            excluded_queue_names=excluded,
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
        )
        freeze_loaded_objects()
        clock = PeriodicClock()
        clock.start()
        try:
            if not reload:
                worker.configure_signals()
                worker.run()
            else:
                # As db_worker does: only the reloader's child handles the signals.
                if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                    worker.configure_signals()
                run_with_reloader(worker.run)
        finally:
            clock.stop()
