"""What a home leaves out and merges in for one viewer, read in one round trip.

Every home page needs the same few small sets about its viewer (people hidden, members
of exclusive lists, large followees, followed hashtags) and whether its home holds any
entry at all. Built as ORM queries they cost more Python than the whole page's SQL, so
they come as hand-written UNIONs of plain columns, whose table and column names come
from the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.relationships.models import Follow
from townsquare.relationships.selectors import (
    HiddenAccounts,
    hidden_accounts_query,
    hidden_from_rows,
)
from townsquare.timelines.models import FollowedTag, List, ListMember, TimelineEntry
from townsquare.timelines.querysets import fanout_threshold


@dataclass(frozen=True, slots=True)
class HomeContext:
    """The viewer's hidden people, exclusive-list members, large followees and tags."""

    hidden: HiddenAccounts
    # Members of the viewer's exclusive lists: read in their list instead of home.
    exclusive: frozenset[int]
    # Followed active accounts too large to fan out, with whether the viewer wants
    # their boosts: their posts are merged at read time.
    large: dict[int, bool]
    followed_tag_ids: frozenset[int]
    # No timeline entry at all (not merely none shown): the home may need a rebuild.
    is_home_empty: bool


def home_context(viewer: Account) -> HomeContext:
    """Everything a home page asks about its viewer before reading posts."""
    hidden_sql, hidden_params = hidden_accounts_query(viewer.pk)
    params = [viewer.pk, True, fanout_threshold(), True, viewer.pk, viewer.pk, viewer.pk]
    statement = f"{hidden_sql} UNION ALL {_context_sql()}"
    exclusive: set[int] = set()
    large: dict[int, bool] = {}
    tags: set[int] = set()
    is_home_empty = False
    found = rows.fetch(statement, [*hidden_params, *params])
    for kind, row_id in found:  # the hidden people's rows are read below
        if kind == "exclusive":
            exclusive.add(int(row_id))
        elif kind == "tag":
            tags.add(int(row_id))
        elif kind == "empty_home":
            is_home_empty = True
        elif kind in ("large", "large_quiet"):
            large[int(row_id)] = kind == "large"
    return HomeContext(
        hidden=hidden_from_rows(found),
        exclusive=frozenset(exclusive),
        large=large,
        followed_tag_ids=frozenset(tags),
        is_home_empty=is_home_empty,
    )


@cache
def _context_sql() -> str:
    """Rows of (kind, id): ``exclusive`` list members, ``large`` or ``large_quiet``
    (boosts hidden) followees, followed ``tag`` ids, and ``empty_home`` when the viewer
    has no timeline entry. Params: viewer, True, the fan-out threshold, True, viewer,
    viewer, viewer. Column names are Django's defaults for the fields."""
    member, feed = ListMember._meta.db_table, List._meta.db_table
    follow, account = Follow._meta.db_table, Account._meta.db_table
    tag, entry = FollowedTag._meta.db_table, TimelineEntry._meta.db_table
    return (
        f"SELECT 'exclusive', m.account_id FROM {member} m JOIN {feed} l ON m.list_id = l.id "  # noqa: S608
        "WHERE l.owner_id = %s AND l.is_exclusive = %s "
        "UNION ALL "
        # From the few large accounts (their followers_count index) to the viewer's follow
        # of each: one index probe per large account, where starting from the follows
        # read every followee's row (50 µs for a median home on SQLite, which keeps the
        # written order of a CROSS JOIN; PostgreSQL plans it as any join).
        "SELECT CASE WHEN f.show_boosts THEN 'large' ELSE 'large_quiet' END, f.followee_id "
        f"FROM {account} a CROSS JOIN {follow} f "
        "WHERE a.followers_count >= %s AND a.is_active = %s "
        "AND f.followee_id = a.id AND f.follower_id = %s "
        "UNION ALL "
        f"SELECT 'tag', t.hashtag_id FROM {tag} t WHERE t.account_id = %s "
        "UNION ALL "
        f"SELECT 'empty_home', a.id FROM {account} a WHERE a.id = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {entry} e WHERE e.owner_id = a.id)"
    )
