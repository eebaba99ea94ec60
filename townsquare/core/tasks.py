"""Background work of core: database upkeep and event delivery, which no single app owns."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from townsquare.core.events import run_background_handlers
from townsquare.core.statistics import refresh_planner_statistics


@task()
def refresh_planner_statistics_task() -> bool:
    """Analyse tables where the database doesn't by itself; harmless to run any time."""
    return refresh_planner_statistics()


@task()
def run_background_handlers_task(event: str, fields: dict[str, Any]) -> None:
    """The work apps do for one event (``core.events.subscribe_in_background``), in order."""
    run_background_handlers(event, fields)
