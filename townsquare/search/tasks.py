"""Background work keeping the index in step: each task takes an id and may run twice."""

from __future__ import annotations

from django.tasks import task

from townsquare.search import services


@task()
def index_post_task(post_id: int) -> None:
    services.index_post(post_id=post_id)


@task()
def remove_post_task(post_id: int) -> None:
    services.remove_post(post_id=post_id)


@task()
def index_account_task(account_id: int) -> None:
    services.index_account(account_id=account_id)
