"""Poll entities, from the viewer's ``PollView`` (loaded in one batch per page)."""

from __future__ import annotations

from typing import Any

from townsquare.api.serializers.common import iso_or_none
from townsquare.posts.selectors import PollView


def poll_json(view: PollView) -> dict[str, Any]:
    poll = view.poll
    data: dict[str, Any] = {
        "id": str(poll.id),
        "expires_at": iso_or_none(poll.expires_at),
        "expired": view.is_expired,
        "multiple": poll.is_multiple,
        "votes_count": poll.votes_count,
        # Documented as null for single-choice polls, where it equals votes_count.
        "voters_count": poll.voters_count if poll.is_multiple else None,
        "options": [
            {
                "title": option.title,
                "votes_count": option.votes_count if view.shows_totals else None,
            }
            for option in view.options
        ],
        "emojis": [],
    }
    if view.is_signed_in:
        data["voted"] = view.has_voted
        data["own_votes"] = list(view.own_votes)
    return data
