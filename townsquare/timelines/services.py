"""Writes to home timelines: fan-out on write, backfill on follow, removal on unfollow/block.

Fan-out is hybrid: an account with at least ``FANOUT_THRESHOLD`` followers writes only
to its own home (and to the people a direct post mentions), and ``selectors.home``
merges its posts at read time, so one post never costs millions of rows. Every write
here is idempotent (``timeline_entry_unique``), so a task that runs twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Model, Q, QuerySet

from townsquare.posts.models import Mention, Post, Visibility
from townsquare.relationships.models import Block, Follow
from townsquare.relationships.selectors import active_mutes
from townsquare.timelines.models import TimelineEntry
from townsquare.timelines.querysets import fanout_threshold, replies_for_home_of

BATCH_SIZE = 1000
BACKFILL_LIMIT = 20


@transaction.atomic
def fan_out_post(*, post_id: int) -> None:
    """Put a new post (or boost) into the homes of the people who should see it."""
    post = Post.objects.select_related("author", "reblog_of").filter(id=post_id).first()
    if post is None or not post.author.is_active:
        return  # deleted or deactivated before the task ran
    _insert(post, [post.author_id])
    if post.visibility == Visibility.DIRECT:
        mentioned = Mention.objects.filter(post=post, account__is_active=True)
        recipients = _without_hiders(mentioned, "account_id", post)
        _insert(post, recipients.values_list("account_id", flat=True))
        return
    if post.author.followers_count >= fanout_threshold():
        return
    for batch in _follower_batches(post):
        _insert(post, batch)


@transaction.atomic
def remove_author_from_home(*, owner_id: int, author_id: int) -> None:
    """Take every post and boost by ``author_id`` out of ``owner_id``'s home."""
    TimelineEntry.objects.filter(owner_id=owner_id, author_id=author_id).delete()


@transaction.atomic
def backfill_home(*, owner_id: int, author_id: int, limit: int = BACKFILL_LIMIT) -> None:
    """After a follow, copy the followee's latest posts the owner may see into their home."""
    follow = (
        Follow.objects.filter(follower_id=owner_id, followee_id=author_id)
        .select_related("follower", "followee")
        .first()
    )
    if follow is None or not follow.followee.is_active:
        return  # unfollowed before the task ran, or the followee is gone
    if follow.followee.followers_count >= fanout_threshold():
        return  # merged at read time
    posts = (
        Post.objects.visible_to(follow.follower)
        .filter(author_id=author_id)
        .filter(replies_for_home_of(owner_id))
        .exclude(reblog_of__author_id=owner_id)
    )
    if not follow.show_boosts:
        posts = posts.filter(reblog_of__isnull=True)
    post_ids = list(posts.order_by("-id").values_list("id", flat=True)[: max(0, limit)])
    TimelineEntry.objects.bulk_create(
        [TimelineEntry(owner_id=owner_id, post_id=pid, author_id=author_id) for pid in post_ids],
        ignore_conflicts=True,
    )


def _insert(post: Post, owner_ids: Iterable[int]) -> None:
    entries = [
        TimelineEntry(owner_id=owner_id, post_id=post.id, author_id=post.author_id)
        for owner_id in owner_ids
    ]
    TimelineEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _follower_batches(post: Post) -> Iterator[list[int]]:
    """The followers to deliver to, in batches, walking the follow table by keyset."""
    follows = Follow.objects.filter(followee_id=post.author_id, follower__is_active=True)
    if post.reblog_of is not None:
        # The original's author already has the post in their home.
        follows = follows.filter(show_boosts=True).exclude(follower_id=post.reblog_of.author_id)
    reply_to = post.in_reply_to_account_id
    if reply_to is not None and reply_to != post.author_id:
        follow_parent = Follow.objects.filter(followee_id=reply_to).values("follower_id")
        follows = follows.filter(Q(follower_id=reply_to) | Q(follower_id__in=follow_parent))
    follows = _without_hiders(follows, "follower_id", post)
    last = 0
    while True:
        batch = list(
            follows.filter(follower_id__gt=last)
            .order_by("follower_id")
            .values_list("follower_id", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]


def _without_hiders[M: Model](rows: QuerySet[M], field: str, post: Post) -> QuerySet[M]:
    """Leave out people who blocked or muted the author (or, for a boost, the original's)."""
    authors = [post.author_id]
    if post.reblog_of is not None:
        authors.append(post.reblog_of.author_id)
    blockers = Block.objects.filter(blocked_id__in=authors).values("blocker_id")
    blocked = Block.objects.filter(blocker_id__in=authors).values("blocked_id")
    muters = active_mutes().filter(muted_id__in=authors).values("muter_id")
    return (
        rows.exclude(**{f"{field}__in": blockers})
        .exclude(**{f"{field}__in": blocked})
        .exclude(**{f"{field}__in": muters})
    )
