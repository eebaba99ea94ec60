"""Keyset paging over time-sortable ids, with Mastodon's max_id/since_id/min_id meaning.

- ``max_id``: items older than this id (the next page, going back in time).
- ``since_id``: items newer than this id, newest first (may skip a gap).
- ``min_id``: items immediately newer than this id, oldest first then reversed (no gap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

MAX_LIMIT = 40
DEFAULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Where a page starts and how long it is; built from untrusted query parameters."""

    max_id: int | None = None
    since_id: int | None = None
    min_id: int | None = None
    limit: int = DEFAULT_LIMIT

    @classmethod
    def from_params(
        cls, params: Any, *, default_limit: int = DEFAULT_LIMIT, max_limit: int = MAX_LIMIT
    ) -> PageRequest:
        """Parse query parameters; absurd values are clamped or ignored, never an error."""
        return cls(
            max_id=_as_id(params.get("max_id")),
            since_id=_as_id(params.get("since_id")),
            min_id=_as_id(params.get("min_id")),
            limit=_as_limit(params.get("limit"), default_limit, max_limit),
        )


@dataclass(frozen=True, slots=True)
class Page[T]:
    """One page, newest first, with the ids that continue it in either direction."""

    items: Sequence[T]
    next_max_id: int | None
    prev_min_id: int | None


def _as_id(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**63 else None


def _as_limit(value: Any, default: int, maximum: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(1, min(number, maximum))


def paginate[M: Model](
    queryset: QuerySet[M, M], request: PageRequest, *, key: str = "id"
) -> Page[M]:
    """Slice ``queryset`` by ``key`` as ``request`` asks; one index range scan."""
    if request.max_id is not None:
        queryset = queryset.filter(**{f"{key}__lt": request.max_id})
    if request.min_id is not None:
        rows = list(
            queryset.filter(**{f"{key}__gt": request.min_id}).order_by(key)[: request.limit]
        )
        rows.reverse()
    else:
        if request.since_id is not None:
            queryset = queryset.filter(**{f"{key}__gt": request.since_id})
        rows = list(queryset.order_by(f"-{key}")[: request.limit])
    return page_of(rows, key=key)


def page_of[T](rows: Sequence[T], *, key: str = "id") -> Page[T]:
    """Wrap rows already in newest-first order as a page."""
    if not rows:
        return Page(items=rows, next_max_id=None, prev_min_id=None)
    return Page(
        items=rows,
        next_max_id=getattr(rows[-1], key),
        prev_min_id=getattr(rows[0], key),
    )
