"""Background work for notifications: each task takes ids, calls one service, may run twice."""

from __future__ import annotations

from django.tasks import task

from townsquare.notifications import services


@task()
def notify_task(
    recipient_id: int, actor_id: int, kind: str, subject_id: int, post_id: int | None = None
) -> None:
    services.notify(
        recipient_id=recipient_id,
        actor_id=actor_id,
        kind=kind,
        subject_id=subject_id,
        post_id=post_id,
    )


# Queued per post by versions before the shared PostPublished task (core.events);
# kept so that rows queued before an upgrade still run.
@task()
def notify_post_published_task(post_id: int) -> None:
    services.notify_post_published(post_id=post_id)


@task()
def remove_between_task(first_id: int, second_id: int) -> None:
    services.remove_between(first_id=first_id, second_id=second_id)


@task()
def notify_poll_ended_task(poll_id: int) -> None:
    services.notify_poll_ended(poll_id=poll_id)


@task()
def notify_recently_ended_polls_task() -> None:
    services.notify_recently_ended_polls()


# Queued per post by versions before the shared PostPublished task (core.events);
# kept so that rows queued before an upgrade still run.
@task()
def notify_followers_of_post_task(post_id: int) -> None:
    services.notify_followers_of_post(post_id=post_id)
