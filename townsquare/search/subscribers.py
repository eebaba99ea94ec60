"""What the search index reacts to; each handler only enqueues a task.

A new post is indexed in the one background task all apps share for ``PostPublished``
(``core.events.subscribe_in_background``; right after the request commits when the post
reaches few people), after its fan-out and notifications.
"""

from __future__ import annotations

from townsquare.accounts.events import AccountApproved, AccountSignedUp, ProfileUpdated
from townsquare.core.events import subscribe, subscribe_in_background
from townsquare.posts.events import PostDeleted, PostEdited, PostPublished
from townsquare.search import services, tasks


def on_post_published(event: PostPublished) -> None:
    """In the background task: index the new post."""
    services.index_post(post_id=event.post_id)


def on_post_edited(event: PostEdited) -> None:
    tasks.index_post_task.enqueue(event.post_id)


def on_post_deleted(event: PostDeleted) -> None:
    tasks.remove_post_task.enqueue(event.post_id)


def on_account_changed(event: AccountSignedUp | AccountApproved | ProfileUpdated) -> None:
    tasks.index_account_task.enqueue(event.account_id)


def register() -> None:
    """Subscribe the handlers above; called once from ``SearchConfig.ready``."""
    subscribe_in_background(PostPublished, on_post_published)
    subscribe(PostEdited, on_post_edited)
    subscribe(PostDeleted, on_post_deleted)
    subscribe(AccountSignedUp, on_account_changed)
    subscribe(AccountApproved, on_account_changed)
    subscribe(ProfileUpdated, on_account_changed)
