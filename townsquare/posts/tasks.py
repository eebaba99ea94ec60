"""Background work for posts: each task takes ids, calls one service, may run twice."""

from __future__ import annotations

from django.tasks import task

from townsquare.posts.services import scheduling


@task()
def publish_scheduled_post_task(scheduled_post_id: int) -> None:
    scheduling.publish_scheduled_post(scheduled_post_id=scheduled_post_id)


@task()
def publish_due_scheduled_posts_task() -> None:
    scheduling.publish_due_scheduled_posts()
