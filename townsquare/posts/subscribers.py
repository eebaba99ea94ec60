"""What posts itself reacts to; each handler only enqueues a task."""

from __future__ import annotations

from townsquare.core.events import subscribe
from townsquare.posts import tasks
from townsquare.posts.events import PostScheduled


def on_post_scheduled(event: PostScheduled) -> None:
    # A backend that can't wait (the inline one of the tests) gets nothing queued: the
    # periodic ``publish_scheduled`` pass publishes the post when it is due. A task left
    # from before a reschedule finds the post not yet due and does nothing.
    if tasks.publish_scheduled_post_task.get_backend().supports_defer:
        tasks.publish_scheduled_post_task.using(run_after=event.scheduled_at).enqueue(
            event.scheduled_post_id
        )


def register() -> None:
    """Subscribe the handlers above; called once from ``PostsConfig.ready``."""
    subscribe(PostScheduled, on_post_scheduled)
