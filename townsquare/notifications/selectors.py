"""Reads of notifications: the viewer's list and how many are unread."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Prefetch, Q

from townsquare.accounts.models import Account
from townsquare.core.pagination import MAX_LIMIT, Page, PageRequest, paginate
from townsquare.notifications.models import Notification
from townsquare.posts.models import Post
from townsquare.relationships.selectors import blocked_either_way_ids


def notifications_for(
    viewer: Account, page: PageRequest, kinds: set[str] | None = None
) -> Page[Notification]:
    """The viewer's notifications, newest first, with actor and post loaded.

    A notification whose post the viewer can no longer see, or whose actor is blocked
    either way or deactivated, is left out (the row stays, so unblocking restores it).
    """
    rows = Notification.objects.filter(recipient=viewer, actor__is_active=True)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    rows = rows.exclude(actor_id__in=blocked_either_way_ids(viewer.pk)).filter(
        Q(post__isnull=True) | Q(post__in=Post.objects.visible_to(viewer).values("id"))
    )
    rows = rows.select_related("actor").prefetch_related(
        Prefetch("post", queryset=Post.objects.with_related())
    )
    return paginate(rows, replace(page, limit=max(1, min(page.limit, MAX_LIMIT))))


def unread_count(viewer: Account) -> int:
    """How many of the viewer's notifications are unread (the partial index answers it)."""
    return Notification.objects.filter(recipient=viewer, is_read=False).count()
