"""Denormalised counters on posts, changed with F() expressions inside the caller's transaction."""

from __future__ import annotations

from typing import Literal

from django.db.models import F, Value
from django.db.models.functions import Greatest

from townsquare.posts.models import Post

type PostCounter = Literal["replies_count", "likes_count", "boosts_count"]


def adjust_count(post_id: int, counter: PostCounter, delta: int) -> None:
    """Add ``delta`` to one counter of a post, never going below zero."""
    # The database does the arithmetic, so concurrent likes never lose an increment.
    Post.objects.filter(pk=post_id).update(**{counter: Greatest(F(counter) + delta, Value(0))})
