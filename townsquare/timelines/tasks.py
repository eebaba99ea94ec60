"""Background work for home timelines: each task takes ids, calls one service, may run twice."""

from __future__ import annotations

from django.tasks import task

from townsquare.timelines import services


# Queued per post by versions before the shared PostPublished task (core.events);
# kept so that rows queued before an upgrade still run.
@task()
def fan_out_post_task(post_id: int) -> None:
    services.fan_out_post(post_id=post_id)


@task()
def trim_homes_of_post_task(post_id: int) -> None:
    services.trim_homes_of_post(post_id=post_id)


@task()
def backfill_home_task(owner_id: int, author_id: int) -> None:
    services.backfill_home(owner_id=owner_id, author_id=author_id)


@task()
def remove_author_from_home_task(owner_id: int, author_id: int) -> None:
    services.remove_author_from_home(owner_id=owner_id, author_id=author_id)


@task()
def remove_boosts_from_home_task(owner_id: int, author_id: int) -> None:
    services.remove_boosts_from_home(owner_id=owner_id, author_id=author_id)
