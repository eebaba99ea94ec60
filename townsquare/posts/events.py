"""What happened to posts, for higher layers (timelines, notifications) to react to.

Published inside the service's transaction and delivered after it commits; each
event carries ids only, so a subscriber loads what it needs (or finds it gone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from townsquare.core.events import Event


@dataclass(frozen=True, slots=True)
class PostPublished(Event):
    """A post or a boost (a post with ``reblog_of``) was created.

    The facts after the ids let subscribers skip work a post doesn't need (a post that
    mentions nobody needs no mention notifications) without loading it. ``reach`` is
    how many people it may land with (the author's followers plus those it mentions),
    None if unknown: a small reach is fanned out without the task queue.
    """

    post_id: int
    author_id: int
    is_boost: bool = False
    visibility: str = "public"
    in_reply_to_account_id: int | None = None
    has_mentions: bool = False
    reach: int | None = None

    def audience(self) -> int | None:
        return self.reach


@dataclass(frozen=True, slots=True)
class PostEdited(Event):
    post_id: int
    author_id: int


@dataclass(frozen=True, slots=True)
class PostDeleted(Event):
    """A post was deleted, or a boost was withdrawn (unboost deletes the boost post).

    ``visibility`` and ``hashtags`` are what the post had, since it can no longer be
    looked up: streams use them to tell who could have been shown the post.
    """

    post_id: int
    author_id: int
    visibility: str = ""
    hashtags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PostLiked(Event):
    """``author_id`` is the author of the liked post, the one to notify."""

    like_id: int
    post_id: int
    account_id: int
    author_id: int


@dataclass(frozen=True, slots=True)
class PostBoosted(Event):
    """``post_id`` is the original; ``boost_id`` the new boost post by ``account_id``."""

    boost_id: int
    post_id: int
    account_id: int
    author_id: int


@dataclass(frozen=True, slots=True)
class PollOpened(Event):
    """A poll was created (with its post, or by an edit that changed it); it ends at
    ``expires_at``, when its voters and author are to be told."""

    poll_id: int
    post_id: int
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class PostScheduled(Event):
    """A post was scheduled (or moved) to be published at ``scheduled_at``."""

    scheduled_post_id: int
    account_id: int
    scheduled_at: datetime
