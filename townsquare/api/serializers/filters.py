"""Filter entities (v2 and the deprecated v1), and the FilterResult a filtered status carries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from townsquare.api.serializers.common import iso_or_none
from townsquare.filters.models import Filter, FilterAction, FilterKeyword, FilterStatus
from townsquare.filters.selectors import FilterHit


def filter_keyword_json(keyword: FilterKeyword) -> dict[str, Any]:
    return {"id": str(keyword.id), "keyword": keyword.keyword, "whole_word": keyword.whole_word}


def filter_status_json(filter_status: FilterStatus) -> dict[str, Any]:
    return {"id": str(filter_status.id), "status_id": str(filter_status.post_id)}


def filter_json(found: Filter, *, with_rules: bool = True) -> dict[str, Any]:
    """The v2 Filter; ``with_rules`` adds its keywords and posts (prefetched)."""
    data: dict[str, Any] = {
        "id": str(found.id),
        "title": found.title,
        "context": list(found.contexts),
        "expires_at": iso_or_none(found.expires_at),
        "filter_action": found.action,
    }
    if with_rules:
        data["keywords"] = [filter_keyword_json(item) for item in found.keywords.all()]
        data["statuses"] = [filter_status_json(item) for item in found.statuses.all()]
    return data


def v1_filter_json(keyword: FilterKeyword) -> dict[str, Any]:
    """One keyword in the deprecated v1 shape, its filter's settings alongside."""
    parent = keyword.filter
    return {
        "id": str(keyword.id),
        "phrase": keyword.keyword,
        "context": list(parent.contexts),
        "expires_at": iso_or_none(parent.expires_at),
        "irreversible": parent.action == FilterAction.HIDE,
        "whole_word": keyword.whole_word,
    }


def filter_results_json(hits: Sequence[FilterHit]) -> list[dict[str, Any]]:
    """The ``filtered`` array of a Status."""
    return [
        {
            "filter": filter_json(hit.filter, with_rules=False),
            "keyword_matches": list(hit.keyword_matches) or None,
            "status_matches": [str(post_id) for post_id in hit.status_matches] or None,
        }
        for hit in hits
    ]
