"""Planner statistics are refreshed where the database doesn't do it by itself."""

from __future__ import annotations

import pytest
from django.db import connection

from townsquare.core.periodic import registered_jobs
from townsquare.core.statistics import refresh_planner_statistics
from townsquare.core.tasks import refresh_planner_statistics_task

pytestmark = pytest.mark.django_db


def _sqlite_knows_the_accounts_table() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'accounts_account'")
        return bool(cursor.fetchone()[0])


def test_sqlite_gets_statistics_and_postgresql_is_left_to_autovacuum(alice) -> None:
    ran = refresh_planner_statistics()

    if connection.vendor == "sqlite":
        assert ran and _sqlite_knows_the_accounts_table()
    else:
        assert not ran


def test_after_a_bulk_load_every_database_is_analysed() -> None:
    assert refresh_planner_statistics(everywhere=True)


def test_the_refresh_runs_every_hour() -> None:
    jobs = {job.name: job.interval.total_seconds() for job in registered_jobs()}
    assert jobs[refresh_planner_statistics_task.module_path] == 3600


@pytest.mark.django_db(transaction=True)
def test_after_a_bulk_load_postgresql_also_vacuums_outside_a_transaction() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no visibility map to vacuum for")
    assert refresh_planner_statistics(everywhere=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            ["timelines_timelineentry"],
        )
        assert cursor.fetchone() == (True,)
