"""Filters the poll partial uses: ``{% load polls %}``.

- ``polls_by_id|poll_for:post`` -> the viewer's PollView of ``post`` (of the original, for a
  boost), or None when it has no poll.
- ``view|poll_results`` -> one row per option: title, votes, percent, whether the viewer chose it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import template

from townsquare.posts.models import Post
from townsquare.posts.selectors import PollView

register = template.Library()


@dataclass(frozen=True, slots=True)
class OptionResult:
    position: int
    title: str
    votes: int
    percent: int
    is_chosen: bool


@register.filter
def poll_for(polls_by_id: Mapping[int, PollView] | None, post: Post) -> PollView | None:
    if not polls_by_id:
        return None
    return polls_by_id.get(post.reblog_of_id or post.id)


@register.filter
def poll_results(view: PollView) -> list[OptionResult]:
    """Percentages of voters for a multiple-choice poll (they add up past 100, as in
    Mastodon), of votes otherwise."""
    poll = view.poll
    base = poll.voters_count if poll.is_multiple else poll.votes_count
    return [
        OptionResult(
            position=option.position,
            title=option.title,
            votes=option.votes_count,
            percent=round(100 * option.votes_count / base) if base else 0,
            is_chosen=option.position in view.own_votes,
        )
        for option in view.options
    ]
