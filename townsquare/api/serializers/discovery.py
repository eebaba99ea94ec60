"""Trends::Link, Tag history and Suggestion entities."""

from __future__ import annotations

import calendar
from typing import Any

from django.http import HttpRequest

from townsquare.api.serializers.accounts import account_json
from townsquare.discovery.selectors.suggestions import (
    FRIENDS_OF_FRIENDS,
    MOST_FOLLOWED,
    SHARED_INTERESTS,
    Suggestion,
)
from townsquare.discovery.selectors.trends import DayUsage, LinkTrend

# The one-value ``source`` Mastodon had before ``sources`` (4.3).
_LEGACY_SOURCE = {
    FRIENDS_OF_FRIENDS: "past_interactions",
    SHARED_INTERESTS: "past_interactions",
    MOST_FOLLOWED: "global",
}


def history_json(history: list[DayUsage]) -> list[dict[str, str]]:
    """Days newest first; ``day`` is the UNIX time of its midnight (UTC), counts as strings."""
    return [
        {
            "day": str(calendar.timegm(usage.day.timetuple())),
            "accounts": str(usage.accounts),
            "uses": str(usage.uses),
        }
        for usage in history
    ]


def trend_link_json(link: LinkTrend) -> dict[str, Any]:
    """A Trends::Link: a preview card without a fetched preview (no title but the URL)."""
    return {
        "url": link.url,
        "title": link.url,
        "description": "",
        "type": "link",
        "authors": [],
        "author_name": "",
        "author_url": "",
        "provider_name": link.host,
        "provider_url": "",
        "html": "",
        "width": 0,
        "height": 0,
        "image": None,
        "embed_url": "",
        "blurhash": None,
        "history": history_json(link.history),
    }


def suggestion_json(suggestion: Suggestion, request: HttpRequest) -> dict[str, Any]:
    return {
        "source": _LEGACY_SOURCE.get(suggestion.sources[0], "global"),
        "sources": list(suggestion.sources),
        "account": account_json(suggestion.account, request),
    }
