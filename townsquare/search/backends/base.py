"""What every search backend does: keep documents and answer ranked candidate ids.

Backends only match words; who may see a result is decided afterwards by ``posts``
(see ``search.selectors``), so an index can never leak what the rule hides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from townsquare.search.query import Term

# Recency halves a post's relevance after this long (in milliseconds of id time).
RECENCY_HALF_LIFE_MS = 30 * 24 * 3600 * 1000
# Only this many of the newest matches (ids are time-sortable) are ranked, so a query of
# common words costs the same as one of rare words: O(window), not O(matches).
RANK_WINDOW = 2_000


@dataclass(frozen=True, slots=True)
class PostDocument:
    post_id: int
    author_id: int
    text: str
    spoiler_text: str
    media_text: str


@dataclass(frozen=True, slots=True)
class AccountDocument:
    account_id: int
    username: str
    display_name: str
    bio: str


@dataclass(frozen=True, slots=True)
class PostMatch:
    """Words to find in posts; ``min_id``/``max_id`` bound the ids (so the dates);
    ``window`` is how many of the newest matches are ranked (older ones are not found)."""

    terms: tuple[Term, ...]
    excluded: tuple[Term, ...] = ()
    min_id: int | None = None
    max_id: int | None = None
    window: int = RANK_WINDOW


class SearchBackend(Protocol):
    def index_post(self, document: PostDocument) -> None: ...

    def add_posts(self, documents: Sequence[PostDocument]) -> None:
        """Insert posts not in the index yet, in one statement (a rebuild after ``clear``)."""
        ...

    def add_accounts(self, documents: Sequence[AccountDocument]) -> None:
        """Insert accounts not in the index yet, in one statement."""
        ...

    def remove_posts(self, post_ids: list[int]) -> None: ...

    def remove_posts_by(self, author_id: int) -> None: ...

    def count_posts_by(self, author_id: int) -> int: ...

    def index_account(self, document: AccountDocument) -> None: ...

    def remove_account(self, account_id: int) -> None: ...

    def clear(self) -> None: ...

    def optimize(self) -> None:
        """Compact the index after a rebuild (inside the rebuild's transaction)."""
        ...

    def post_ids(self, match: PostMatch, *, offset: int, limit: int, now_ms: int) -> list[int]:
        """Ids of the newest ``match.window`` matching posts, best first: relevance weighed
        by recency."""
        ...

    def account_ids(self, prefixes: tuple[str, ...], *, limit: int) -> list[int]:
        """Ids of accounts with a word starting with each of ``prefixes``, best first."""
        ...
