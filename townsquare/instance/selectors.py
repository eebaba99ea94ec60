"""Reads of the server-wide settings; the environment gives defaults the database overrides."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from townsquare.core.errors import NotFound
from townsquare.instance.models import (
    Announcement,
    AnnouncementReaction,
    AnnouncementRead,
    InstanceSettings,
    Rule,
)

CACHE_KEY = "instance:settings:v1"
CACHE_SECONDS = 300


def instance_settings() -> InstanceSettings:
    """The one settings row (created on first use), cached between requests.

    A change clears the cache at once; with a per-process (local memory) cache, other
    processes see it within CACHE_SECONDS.
    """
    # A row read inside a transaction may hold values that roll back, so only rows
    # read outside one are cached; inside, the row is read fresh from the database.
    if connection.in_atomic_block:
        return _load()
    cached = cache.get(CACHE_KEY)
    if isinstance(cached, InstanceSettings):
        return cached
    row = _load()
    cache.set(CACHE_KEY, row, CACHE_SECONDS)
    return row


def registration_mode() -> str:
    """Who may sign up: "open", "approval" or "closed" (the admin's choice, else the env's)."""
    chosen = instance_settings().registration_mode
    return chosen or str(settings.TOWNSQUARE["REGISTRATION_MODE"])


def max_post_chars() -> int:
    """How many characters a post may have: the administrator's choice, else the environment's."""
    chosen = instance_settings().max_post_chars
    return chosen if chosen is not None else int(settings.TOWNSQUARE["MAX_POST_CHARS"])


def forget_cached_settings() -> None:
    """Drop the cached row so the next read sees the database (called after every change)."""
    cache.delete(CACHE_KEY)


def _load() -> InstanceSettings:
    row = InstanceSettings.objects.order_by("pk").first()
    if row is None:
        row, _ = InstanceSettings.objects.get_or_create(pk=1)
    return row


def server_rules() -> list[Rule]:
    """The server's rules in the order staff set."""
    return list(Rule.objects.order_by("order", "id"))


@dataclass(frozen=True, slots=True)
class ReactionCount:
    name: str
    count: int
    is_mine: bool


@dataclass(frozen=True, slots=True)
class AnnouncementView:
    """An announcement as one reader sees it: whether they read it, and its reactions."""

    announcement: Announcement
    is_read: bool
    reactions: list[ReactionCount] = field(default_factory=list)


def active_announcements() -> QuerySet[Announcement]:
    """Published announcements that haven't ended, oldest first (as Mastodon orders them)."""
    return (
        Announcement.objects.filter(is_published=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        .order_by("published_at", "id")
    )


def announcements_for(
    account_id: int | None, *, include_read: bool = True
) -> list[AnnouncementView]:
    """Active announcements with the reader's read marks and the reactions (three queries)."""
    found = list(active_announcements())
    ids = [item.id for item in found]
    read: set[int] = set()
    if account_id is not None:
        read = set(
            AnnouncementRead.objects.filter(
                account_id=account_id, announcement_id__in=ids
            ).values_list("announcement_id", flat=True)
        )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: set[tuple[int, str]] = set()
    rows = (
        AnnouncementReaction.objects.filter(announcement_id__in=ids)
        .values("announcement_id", "name")
        .annotate(total=Count("id"), first=Min("id"))
        .order_by("announcement_id", "first")
    )
    for row in rows:
        counts[row["announcement_id"]][row["name"]] = row["total"]
    if account_id is not None and ids:
        mine = set(
            AnnouncementReaction.objects.filter(
                announcement_id__in=ids, account_id=account_id
            ).values_list("announcement_id", "name")
        )
    views = [
        AnnouncementView(
            announcement=item,
            is_read=item.id in read,
            reactions=[
                ReactionCount(name=name, count=total, is_mine=(item.id, name) in mine)
                for name, total in counts[item.id].items()
            ],
        )
        for item in found
    ]
    return [view for view in views if include_read or not view.is_read]


def access_announcement(announcement_id: int) -> Announcement:
    """An active announcement; NotFound for drafts, ended or missing ones."""
    found = active_announcements().filter(pk=announcement_id).first()
    if found is None:
        raise NotFound()
    return found


def access_rule(rule_id: int) -> Rule:
    """A rule, for staff to change; NotFound when missing."""
    found = Rule.objects.filter(pk=rule_id).first()
    if found is None:
        raise NotFound()
    return found


def all_announcements() -> QuerySet[Announcement]:
    """Every announcement, drafts and ended ones too, newest first (for staff)."""
    return Announcement.objects.order_by("-id")


def access_any_announcement(announcement_id: int) -> Announcement:
    """Any announcement, drafts too, for staff to change; NotFound when missing."""
    found = all_announcements().filter(pk=announcement_id).first()
    if found is None:
        raise NotFound()
    return found
