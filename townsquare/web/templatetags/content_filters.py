"""How a post matched by the viewer's filters shows: hidden, or collapsed behind its titles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import template

from townsquare.filters.selectors import FilterHit
from townsquare.posts.models import Post

register = template.Library()


@dataclass(frozen=True, slots=True)
class Verdict:
    is_hidden: bool
    titles: str


@register.filter
def filter_verdict(
    hits_by_id: Mapping[int, Sequence[FilterHit]] | None, post: Post
) -> Verdict | None:
    """``{% with verdict=filter_hits|filter_verdict:post %}``: None when no filter matched."""
    if not hits_by_id:
        return None
    hits = hits_by_id.get(post.id)
    if not hits:
        return None
    titles = ", ".join(dict.fromkeys(hit.filter.title for hit in hits))
    return Verdict(is_hidden=any(hit.is_hidden for hit in hits), titles=titles)
