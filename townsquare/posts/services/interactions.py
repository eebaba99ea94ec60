"""What people do to posts: like, boost, bookmark, pin; each idempotent.

A like, boost or bookmark of a boost applies to the boosted original, as in Mastodon.
"""

from __future__ import annotations

from django.db import transaction

from townsquare.accounts.models import Account
from townsquare.accounts.services import change_counters, count_post
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.core.events import publish
from townsquare.posts.events import PostBoosted, PostDeleted, PostLiked, PostPublished
from townsquare.posts.models import Bookmark, Like, Pin, Post, Visibility
from townsquare.posts.querysets import PUBLICLY_VISIBLE
from townsquare.posts.selectors import can_see
from townsquare.posts.services.counters import adjust_count

MAX_PINS = 5


@transaction.atomic
def like(*, account: Account, post: Post) -> Like:
    """Like a post the account can see; liking twice returns the first like."""
    original = _visible_original(account, post)
    liked, created = Like.objects.get_or_create(account=account, post=original)
    if created:
        adjust_count(original.id, "likes_count", +1)
        publish(
            PostLiked(
                like_id=liked.id,
                post_id=original.id,
                account_id=account.id,
                author_id=original.author_id,
            )
        )
    return liked


@transaction.atomic
def unlike(*, account: Account, post: Post) -> None:
    """Withdraw a like; nothing happens if there was none."""
    original_id = post.reblog_of_id or post.id
    deleted, _ = Like.objects.filter(account=account, post_id=original_id).delete()
    if deleted:
        adjust_count(original_id, "likes_count", -1)


@transaction.atomic
def boost(*, account: Account, post: Post) -> Post:
    """Boost a public or unlisted post; returns the boost (the existing one if boosted already)."""
    original = _visible_original(account, post)
    if original.visibility not in PUBLICLY_VISIBLE:
        raise Forbidden("This post can't be boosted.")
    boosted, created = Post.objects.get_or_create(
        author=account, reblog_of=original, defaults={"visibility": original.visibility}
    )
    if created:
        adjust_count(original.id, "boosts_count", +1)
        count_post(account_id=account.id, at=boosted.created_at)
        publish(
            PostBoosted(
                boost_id=boosted.id,
                post_id=original.id,
                account_id=account.id,
                author_id=original.author_id,
            )
        )
        publish(
            PostPublished(
                post_id=boosted.id,
                author_id=account.id,
                is_boost=True,
                visibility=boosted.visibility,
                reach=account.followers_count,
            )
        )
    return boosted


@transaction.atomic
def unboost(*, account: Account, post: Post) -> None:
    """Withdraw a boost (``post`` may be the original or the boost); no boost, no change."""
    original_id = post.reblog_of_id or post.id
    boosted = Post.objects.filter(author=account, reblog_of_id=original_id).first()
    if boosted is None:
        return
    boost_id = boosted.id
    boosted.delete()
    adjust_count(original_id, "boosts_count", -1)
    change_counters(account_id=account.id, posts=-1)
    publish(PostDeleted(post_id=boost_id, author_id=account.id))


@transaction.atomic
def bookmark(*, account: Account, post: Post) -> Bookmark:
    """Bookmark a post the account can see; bookmarking twice returns the first bookmark."""
    original = _visible_original(account, post)
    saved, _ = Bookmark.objects.get_or_create(account=account, post=original)
    return saved


@transaction.atomic
def unbookmark(*, account: Account, post: Post) -> None:
    """Remove a bookmark; nothing happens if there was none."""
    Bookmark.objects.filter(account=account, post_id=post.reblog_of_id or post.id).delete()


@transaction.atomic
def pin(*, account: Account, post: Post) -> Pin:
    """Pin one of the account's own posts to its profile (not boosts or direct posts; at most 5)."""
    fresh = Post.objects.filter(pk=post.pk).first()
    if fresh is None or not can_see(account, fresh):
        raise NotFound("Post not found")
    if fresh.author_id != account.id:
        raise Forbidden("You can only pin your own posts.")
    if fresh.is_boost:
        raise ValidationFailed("Boosts can't be pinned.")
    if fresh.visibility == Visibility.DIRECT:
        raise ValidationFailed("Direct posts can't be pinned.")
    existing = Pin.objects.filter(account=account, post=fresh).first()
    if existing is not None:
        return existing
    # Lock the account row so two concurrent pins can't both pass the limit.
    list(Account.objects.select_for_update().filter(pk=account.pk).values_list("pk"))
    if Pin.objects.filter(account=account).count() >= MAX_PINS:
        raise ValidationFailed(f"You can pin at most {MAX_PINS} posts; unpin one first.")
    pinned, _ = Pin.objects.get_or_create(account=account, post=fresh)
    return pinned


@transaction.atomic
def unpin(*, account: Account, post: Post) -> None:
    """Unpin a post; nothing happens if it wasn't pinned."""
    Pin.objects.filter(account=account, post_id=post.id).delete()


def _visible_original(account: Account, post: Post) -> Post:
    """The post acted on (a boost's original), re-read; NotFound if the account can't see it."""
    original = Post.objects.visible_to(account).filter(pk=post.reblog_of_id or post.id).first()
    if original is None:
        raise NotFound("Post not found")
    return original
