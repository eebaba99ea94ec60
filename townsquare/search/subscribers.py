"""What the search index reacts to; each handler only enqueues a task."""

from __future__ import annotations

from townsquare.accounts.events import AccountApproved, AccountSignedUp, ProfileUpdated
from townsquare.core.events import subscribe
from townsquare.posts.events import PostDeleted, PostEdited, PostPublished
from townsquare.search import tasks


def on_post_changed(event: PostPublished | PostEdited) -> None:
    tasks.index_post_task.enqueue(event.post_id)


def on_post_deleted(event: PostDeleted) -> None:
    tasks.remove_post_task.enqueue(event.post_id)


def on_account_changed(event: AccountSignedUp | AccountApproved | ProfileUpdated) -> None:
    tasks.index_account_task.enqueue(event.account_id)


def register() -> None:
    """Subscribe the handlers above; called once from ``SearchConfig.ready``."""
    subscribe(PostPublished, on_post_changed)
    subscribe(PostEdited, on_post_changed)
    subscribe(PostDeleted, on_post_deleted)
    subscribe(AccountSignedUp, on_account_changed)
    subscribe(AccountApproved, on_account_changed)
    subscribe(ProfileUpdated, on_account_changed)
