"""Background work of core: database upkeep that no single app owns."""

from __future__ import annotations

from django.tasks import task

from townsquare.core.statistics import refresh_planner_statistics


@task()
def refresh_planner_statistics_task() -> bool:
    """Analyse tables where the database doesn't by itself; harmless to run any time."""
    return refresh_planner_statistics()
