"""What home timelines react to; each handler only enqueues a task.

A new post is the exception: its fan-out runs in the one background task all apps
share for ``PostPublished`` (``core.events.subscribe_in_background``;
right after the request commits when the post reaches few people), first of them.
"""

from __future__ import annotations

from townsquare.core.events import subscribe, subscribe_in_background
from townsquare.posts.events import PostPublished
from townsquare.relationships.events import Blocked, FollowBoostsChanged, Followed, Unfollowed
from townsquare.timelines import services, tasks


def on_post_published(event: PostPublished) -> None:
    """In the background task: put the post into the homes that should have it; now and
    then, have those homes trimmed to their cap, in a task of its own."""
    services.fan_out_post(post_id=event.post_id)
    if services.is_trim_turn(event.post_id):
        tasks.trim_homes_of_post_task.enqueue(event.post_id)


def on_followed(event: Followed) -> None:
    tasks.backfill_home_task.enqueue(event.follower_id, event.followee_id)


def on_unfollowed(event: Unfollowed) -> None:
    tasks.remove_author_from_home_task.enqueue(event.follower_id, event.followee_id)


def on_follow_boosts_changed(event: FollowBoostsChanged) -> None:
    if event.show_boosts:
        # Backfill brings their latest boosts back; fan-out delivers the new ones.
        tasks.backfill_home_task.enqueue(event.follower_id, event.followee_id)
    else:
        tasks.remove_boosts_from_home_task.enqueue(event.follower_id, event.followee_id)


def on_blocked(event: Blocked) -> None:
    # A block hides both people from each other, so both homes lose the other's posts.
    tasks.remove_author_from_home_task.enqueue(event.blocker_id, event.blocked_id)
    tasks.remove_author_from_home_task.enqueue(event.blocked_id, event.blocker_id)


def register() -> None:
    """Subscribe the handlers above; called once from ``TimelinesConfig.ready``."""
    subscribe_in_background(PostPublished, on_post_published)
    subscribe(Followed, on_followed)
    subscribe(Unfollowed, on_unfollowed)
    subscribe(Blocked, on_blocked)
    subscribe(FollowBoostsChanged, on_follow_boosts_changed)
