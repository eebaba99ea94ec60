"""What notifications react to; each handler only enqueues a task.

A new post is the exception: its notifications are sent from the one background task
all apps share for ``PostPublished`` (``core.events.subscribe_in_background``;
right after the request commits when the post reaches few people).

Deleted posts need nothing here: their notifications go with them (cascade).
Unfollowing changes nothing: the follow notification stays, as in Mastodon.
"""

from __future__ import annotations

from townsquare.core.events import subscribe, subscribe_in_background
from townsquare.notifications import services, tasks
from townsquare.notifications.models import NotificationKind
from townsquare.posts.events import PollOpened, PostBoosted, PostLiked, PostPublished
from townsquare.relationships.events import Blocked, Followed, FollowRequested


def on_followed(event: Followed) -> None:
    tasks.notify_task.enqueue(
        event.followee_id, event.follower_id, NotificationKind.FOLLOW.value, event.follow_id
    )


def on_follow_requested(event: FollowRequested) -> None:
    tasks.notify_task.enqueue(
        event.target_id,
        event.requester_id,
        NotificationKind.FOLLOW_REQUEST.value,
        event.request_id,
    )


def on_post_published(event: PostPublished) -> None:
    """In the background task: tell the mentioned, the replied-to and the subscribers."""
    if event.is_boost:
        return  # a boost mentions nobody; its original's author hears of it via PostBoosted
    replies_to_other = event.in_reply_to_account_id not in (None, event.author_id)
    if event.has_mentions or replies_to_other:
        services.notify_post_published(post_id=event.post_id)
    # Followers who asked to hear of new posts hear of posts, not of direct messages or
    # of replies to other people (as Mastodon does).
    if event.visibility != "direct" and not replies_to_other:
        services.notify_followers_of_post(post_id=event.post_id)


def on_post_liked(event: PostLiked) -> None:
    tasks.notify_task.enqueue(
        event.author_id, event.account_id, NotificationKind.LIKE.value, event.like_id, event.post_id
    )


def on_post_boosted(event: PostBoosted) -> None:
    # The notification shows the recipient's own post (the original), as Mastodon does.
    tasks.notify_task.enqueue(
        event.author_id,
        event.account_id,
        NotificationKind.BOOST.value,
        event.boost_id,
        event.post_id,
    )


def on_poll_opened(event: PollOpened) -> None:
    task = tasks.notify_poll_ended_task
    # The queue holds it until the poll ends. A backend that can't defer (the inline one
    # in tests) runs it now, when it finds the poll open and does nothing.
    if task.get_backend().supports_defer:
        task = task.using(run_after=event.expires_at)
    task.enqueue(event.poll_id)


def on_blocked(event: Blocked) -> None:
    tasks.remove_between_task.enqueue(event.blocker_id, event.blocked_id)


def register() -> None:
    """Subscribe the handlers above; called once from ``NotificationsConfig.ready``."""
    subscribe(Followed, on_followed)
    subscribe(FollowRequested, on_follow_requested)
    subscribe_in_background(PostPublished, on_post_published)
    subscribe(PostLiked, on_post_liked)
    subscribe(PostBoosted, on_post_boosted)
    subscribe(PollOpened, on_poll_opened)
    subscribe(Blocked, on_blocked)
