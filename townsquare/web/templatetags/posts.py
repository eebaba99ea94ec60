"""Filters and tags the post templates use: ``{% load posts %}``.

- ``flags_by_id|flags_for:post`` -> the viewer's PostFlags for ``post`` (or None).
- ``{% post_url post %}`` -> the thread page of a post (of the original, for a boost).
- ``value|relative_time`` -> "now", "5m", "3h", "2d", "Mar 4", "Mar 4, 2025".
- ``post|can_boost`` -> whether the post's visibility allows boosting.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from townsquare.posts.models import Post, Visibility

register = template.Library()

BOOSTABLE = frozenset({Visibility.PUBLIC, Visibility.UNLISTED})


@register.filter
def flags_for(flags_by_id: Mapping[int, Any] | None, post: Post) -> Any:
    """The flags of ``post`` as shown; falls back to the original's id for a boost.

    ``posts.selectors.viewer_flags`` keys by the id of the post as shown, but a caller
    that built the dict from originals still gets the right answer.
    """
    if not flags_by_id:
        return None
    found = flags_by_id.get(post.id)
    if found is None and post.reblog_of_id is not None:
        found = flags_by_id.get(post.reblog_of_id)
    return found


@register.simple_tag
def post_url(post: Post) -> str:
    """The thread page showing ``post``; a boost links to what it boosted."""
    shown = post.reblog_of if post.reblog_of is not None else post
    return reverse("web:post_detail", args=[shown.author.username, shown.id])


@register.filter
def can_boost(post: Post) -> bool:
    """Only public and unlisted posts can be boosted, so others show no boost button."""
    return post.visibility in BOOSTABLE


@register.filter
def relative_time(value: datetime | None) -> str:
    """A short age for timelines; the exact time goes in the <time> element's attributes."""
    if value is None:
        return ""
    now = timezone.now()
    age = now - value
    if age < timedelta(minutes=1):
        return "now"
    if age < timedelta(hours=1):
        return f"{age.seconds // 60}m"
    if age < timedelta(days=1):
        return f"{age.seconds // 3600}h"
    if age < timedelta(days=7):
        return f"{age.days}d"
    local = timezone.localtime(value)
    if local.year == timezone.localtime(now).year:
        return f"{local:%b} {local.day}"
    return f"{local:%b} {local.day}, {local.year}"
