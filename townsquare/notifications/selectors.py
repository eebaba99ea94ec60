"""Reads of notifications: the viewer's list and how many are unread."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.pagination import MAX_LIMIT, Page, PageRequest, paginate
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.posts.models import Poll, Post
from townsquare.relationships.selectors import blocked_either_way_ids


def notifications_for(
    viewer: Account, page: PageRequest, kinds: set[str] | None = None
) -> Page[Notification]:
    """The viewer's notifications, newest first, with actor and post loaded.

    A notification whose post the viewer can no longer see, or whose actor is blocked
    either way or deactivated, is left out (the row stays, so unblocking restores it).
    """
    rows = (
        visible_notifications(viewer, kinds)
        .select_related("actor")
        .prefetch_related(Prefetch("post", queryset=Post.objects.with_related()))
    )
    return paginate(rows, replace(page, limit=max(1, min(page.limit, MAX_LIMIT))))


def visible_notifications(viewer: Account, kinds: set[str] | None = None) -> QuerySet[Notification]:
    """The viewer's notifications they may still read (see ``notifications_for``), unordered."""
    rows = Notification.objects.filter(recipient=viewer, actor__is_active=True)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return rows.exclude(actor_id__in=blocked_either_way_ids(viewer.pk)).filter(
        Q(post__isnull=True) | Q(post__in=Post.objects.visible_to(viewer).values("id"))
    )


def unread_count(viewer: Account) -> int:
    """How many of the viewer's notifications are unread (the partial index answers it)."""
    return Notification.objects.filter(recipient=viewer, is_read=False).count()


def recently_ended_poll_ids(*, within: timedelta, limit: int) -> list[int]:
    """Polls that ended in the last ``within`` whose author wasn't told yet, earliest first.

    ``notify_poll_ended`` tells the author and the voters in one transaction, so the
    author's notification marks a poll as done and the next batch moves on.
    """
    now = timezone.now()
    told_author = Notification.objects.filter(
        recipient_id=OuterRef("post__author_id"),
        kind=NotificationKind.POLL,
        subject_id=OuterRef("id"),
    )
    return list(
        # A deactivated author's poll tells nobody (``notify`` needs an active actor).
        Poll.objects.filter(
            expires_at__gt=now - within, expires_at__lte=now, post__author__is_active=True
        )
        .exclude(Exists(told_author))
        .order_by("expires_at", "id")
        .values_list("id", flat=True)[:limit]
    )
