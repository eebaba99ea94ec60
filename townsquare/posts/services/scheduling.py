"""Scheduled posts: write now, publish later through the ordinary ``publish_post``.

Everything that can be checked when scheduling is checked then (text, visibility,
language, the post replied to, the images), so a scheduled post rarely fails at its
time. Limits follow Mastodon: at least ``MIN_LEAD`` ahead, at most ``MAX_PER_DAY`` on one
(UTC) day and ``MAX_TOTAL`` waiting in all.

Publishing is safe to run twice and from two workers at once: the scheduled row is
locked, the post created and the row deleted in one transaction; a second run finds
no row and does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import DomainError, NotFound, ValidationFailed
from townsquare.core.events import publish
from townsquare.media.models import MediaAttachment
from townsquare.posts.events import PostScheduled
from townsquare.posts.models import Post, ScheduledPost, ScheduledPostMedia
from townsquare.posts.services.composing import compose
from townsquare.posts.services.polls import PollSpec, checked_spec
from townsquare.posts.services.publishing import (
    _check_media,
    _check_visibility,
    _checked_language,
    _reply_parent,
    publish_post,
)

logger = logging.getLogger(__name__)

MIN_LEAD = timedelta(minutes=5)
MAX_PER_DAY = 50
MAX_TOTAL = 300
# How many due posts one pass publishes; the next pass takes the rest.
DUE_BATCH = 100


@transaction.atomic
def schedule_post(
    *,
    author: Account,
    scheduled_at: datetime,
    text: str,
    visibility: str = "public",
    spoiler_text: str = "",
    is_sensitive: bool = False,
    in_reply_to: Post | None = None,
    media: Sequence[MediaAttachment] = (),
    language: str = "",
    poll: PollSpec | None = None,
) -> ScheduledPost:
    """Keep a post to publish at ``scheduled_at``; ValidationFailed names any broken rule."""
    _lock_account(author)
    _check_time(author, scheduled_at)
    if ScheduledPost.objects.filter(account=author).count() >= MAX_TOTAL:
        raise ValidationFailed(
            f"You can have at most {MAX_TOTAL} scheduled posts.", field="scheduled_at"
        )
    _check_visibility(visibility)
    language = _checked_language(language)
    parent = _reply_parent(author, in_reply_to)
    _check_media(author, media)
    if ScheduledPostMedia.objects.filter(media__in=media).exists():
        raise ValidationFailed(
            "An image can be attached to one scheduled post only.", field="media"
        )
    if poll is not None:
        if media:
            raise ValidationFailed("A post can have images or a poll, not both.", field="poll")
        poll = checked_spec(poll)
    body = compose(
        text=text, spoiler_text=spoiler_text, visibility=visibility, has_media=bool(media)
    )
    scheduled = ScheduledPost.objects.create(
        account=author,
        scheduled_at=scheduled_at,
        params={
            "text": body.text,
            "visibility": visibility,
            "spoiler_text": body.spoiler_text,
            "sensitive": is_sensitive,
            "language": language,
            "in_reply_to_id": parent.id if parent is not None else None,
            "media_ids": [item.id for item in media],
            "poll": _poll_params(poll),
        },
    )
    ScheduledPostMedia.objects.bulk_create(
        ScheduledPostMedia(scheduled_post=scheduled, media=item, position=position)
        for position, item in enumerate(media)
    )
    _announce(scheduled)
    return scheduled


@transaction.atomic
def reschedule_post(
    *, author: Account, scheduled_post: ScheduledPost, scheduled_at: datetime
) -> ScheduledPost:
    """Move a scheduled post to another time (a failed one gets another try)."""
    _lock_account(author)
    scheduled = _own(author, scheduled_post.pk)
    _check_time(author, scheduled_at, moving=scheduled)
    scheduled.scheduled_at = scheduled_at
    scheduled.failure = ""
    scheduled.save(update_fields=["scheduled_at", "failure"])
    _announce(scheduled)
    return scheduled


@transaction.atomic
def cancel_scheduled_post(*, author: Account, scheduled_post: ScheduledPost) -> None:
    """Drop a scheduled post; its images go back to being unattached uploads."""
    _own(author, scheduled_post.pk).delete()


def publish_scheduled_post(*, scheduled_post_id: int, now: datetime | None = None) -> Post | None:
    """Publish the scheduled post if it is due; None if it isn't, is gone or can't be.

    A post that can no longer be published (its reply parent was deleted, the author
    left, ...) keeps its reason in ``failure`` and is not tried again by itself.
    """
    now = now or timezone.now()
    with transaction.atomic():
        scheduled = (
            ScheduledPost.objects.select_for_update()
            .select_related("account")
            .filter(pk=scheduled_post_id, failure="", scheduled_at__lte=now)
            .first()
        )
        if scheduled is None:
            return None
        try:
            with transaction.atomic():
                post = _publish(scheduled)
        except DomainError as error:
            logger.info("scheduled post %s not published: %s", scheduled.pk, error.message)
            scheduled.failure = error.message[:500]
            scheduled.save(update_fields=["failure"])
            return None
        scheduled.delete()
        return post


def publish_due_scheduled_posts(*, now: datetime | None = None) -> int:
    """Publish every scheduled post whose time has come; returns how many were published.

    The periodic pass behind the per-post tasks: it catches posts whose task was lost
    or whose task backend can't run a task later.
    """
    now = now or timezone.now()
    due = list(
        ScheduledPost.objects.filter(failure="", scheduled_at__lte=now)
        .order_by("scheduled_at")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    published = 0
    for scheduled_post_id in due:
        if publish_scheduled_post(scheduled_post_id=scheduled_post_id, now=now) is not None:
            published += 1
    return published


def _publish(scheduled: ScheduledPost) -> Post:
    author = scheduled.account
    if not author.is_active:
        raise NotFound("The account is no longer active.")
    params: dict[str, Any] = scheduled.params
    parent = None
    if params.get("in_reply_to_id") is not None:
        parent = Post.objects.filter(pk=params["in_reply_to_id"]).first()
        if parent is None:
            raise NotFound("The post it replies to was deleted.")
    media = [attachment.media for attachment in scheduled.attachments.select_related("media")]
    # The reservation goes first: the images now belong to the post.
    ScheduledPostMedia.objects.filter(scheduled_post=scheduled).delete()
    return publish_post(
        author=author,
        text=str(params.get("text", "")),
        visibility=str(params.get("visibility", "public")),
        spoiler_text=str(params.get("spoiler_text", "")),
        is_sensitive=bool(params.get("sensitive", False)),
        in_reply_to=parent,
        media=media,
        language=str(params.get("language", "")),
        poll=_poll_spec(params.get("poll")),
    )


def _poll_params(poll: PollSpec | None) -> dict[str, Any] | None:
    if poll is None:
        return None
    return {
        "options": list(poll.options),
        "expires_in": poll.expires_in,
        "multiple": poll.is_multiple,
        "hide_totals": poll.hide_totals,
    }


def _poll_spec(params: dict[str, Any] | None) -> PollSpec | None:
    if not params:
        return None
    return PollSpec(
        options=[str(option) for option in params.get("options", [])],
        expires_in=int(params.get("expires_in", 0)),
        is_multiple=bool(params.get("multiple", False)),
        hide_totals=bool(params.get("hide_totals", False)),
    )


def _lock_account(author: Account) -> None:
    # Serialises one person's scheduling, so two requests can't both pass the limits.
    Account.objects.select_for_update().filter(pk=author.pk).first()


def _own(author: Account, scheduled_post_id: int) -> ScheduledPost:
    scheduled = (
        ScheduledPost.objects.select_for_update()
        .filter(pk=scheduled_post_id, account=author)
        .first()
    )
    if scheduled is None:
        raise NotFound("Scheduled post not found")
    return scheduled


def _check_time(
    author: Account, scheduled_at: datetime, *, moving: ScheduledPost | None = None
) -> None:
    if timezone.is_naive(scheduled_at):
        raise ValidationFailed("The scheduled time needs a time zone.", field="scheduled_at")
    if scheduled_at < timezone.now() + MIN_LEAD:
        minutes = int(MIN_LEAD.total_seconds() // 60)
        raise ValidationFailed(
            f"The scheduled time must be at least {minutes} minutes in the future.",
            field="scheduled_at",
        )
    day = scheduled_at.astimezone(UTC).date()
    day_start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    same_day = ScheduledPost.objects.filter(
        account=author,
        scheduled_at__gte=day_start,
        scheduled_at__lt=day_start + timedelta(days=1),
    )
    if moving is not None:
        same_day = same_day.exclude(pk=moving.pk)
    if same_day.count() >= MAX_PER_DAY:
        raise ValidationFailed(
            f"You can schedule at most {MAX_PER_DAY} posts on one day (UTC).",
            field="scheduled_at",
        )


def _announce(scheduled: ScheduledPost) -> None:
    publish(
        PostScheduled(
            scheduled_post_id=scheduled.pk,
            account_id=scheduled.account_id,
            scheduled_at=scheduled.scheduled_at,
        )
    )
