"""Filters shared by fan-out (write time) and the home merge (read time), so both agree,
and the one statement a home reads its candidate post ids with."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q

from townsquare.core import rows
from townsquare.posts.models import Post, PostHashtag, Visibility
from townsquare.relationships.models import Follow
from townsquare.timelines.models import TimelineEntry


def fanout_threshold() -> int:
    """Followers from which an account's posts are merged at read time instead of written."""
    return int(settings.TOWNSQUARE["FANOUT_THRESHOLD"])


def home_cap() -> int:
    """How many entries a home keeps; fan-out trims older ones now and then."""
    return int(settings.TOWNSQUARE.get("HOME_CAP", 800))


def replies_for_home_of(owner_id: int) -> Q:
    """A post filter: replies to a third person reach a home only if its owner follows them.

    As in Mastodon, a conversation between someone you follow and a stranger stays out
    of your home; replies to yourself and self-threads are shown.
    """
    followed = Follow.objects.filter(follower_id=owner_id).values("followee_id")
    return (
        Q(in_reply_to_account_id__isnull=True)
        | Q(in_reply_to_account_id=F("author_id"))
        | Q(in_reply_to_account_id=owner_id)
        | Q(in_reply_to_account_id__in=followed)
    )


@dataclass(frozen=True, slots=True)
class HomeSources:
    """Where one viewer's home finds its candidate posts, and whose posts it leaves out."""

    owner_id: int
    # Authors whose posts no branch proposes (muted people, exclusive-list members).
    left_out: frozenset[int]
    # Followed large accounts, with whether the owner wants their boosts.
    large: Mapping[int, bool]
    followed_tag_ids: frozenset[int]


def home_post_ids(
    sources: HomeSources, *, above: int | None, below: int | None, ascending: bool, limit: int
) -> list[int]:
    """The ``limit`` post ids nearest the page's anchor among a home's candidates, in order.

    One statement: the owner's timeline rows UNION what fan-out would have written for
    their large followees (``replies_for_home_of`` and the rules of ``fan_out_post``,
    applied at read time) UNION public originals with a followed hashtag. Each branch
    walks an index and stops after ``limit`` rows. Once the rows branch fills ``limit``,
    nothing past its last id can make the page, so the other branches only read up to
    there: a large account's posts come from a short range of its (author, id) index.
    Hand-written, as ``home_context``: built with the ORM, these branches cost more
    Python than their SQL. Column names are Django's defaults for the fields.
    """
    order = "ASC" if ascending else "DESC"
    rows_sql = (
        f"SELECT e.post_id AS id FROM {TimelineEntry._meta.db_table} e "  # noqa: S608
        f"WHERE e.owner_id = %s{_not_in('e.author_id', sources.left_out)}"
        f"{_within('e.post_id', above, below)} ORDER BY e.post_id {order} LIMIT %s"
    )
    rows_params = [sources.owner_id, *_listed(sources.left_out), *_bounds(above, below), limit]
    branches, params = [rows_sql], list(rows_params)
    # While the rows branch is short, the edge lets every post through.
    edge, open_end = ("MAX", 2**63 - 1) if ascending else ("MIN", 0)
    near = (
        f" AND p.id {'<=' if ascending else '>='} (SELECT CASE WHEN COUNT(*) < %s THEN %s "  # noqa: S608
        f"ELSE {edge}(edge.id) END FROM ({rows_sql}) edge)"
    )
    near_params = [limit, open_end, *rows_params]
    for where, where_params in _merged_posts(sources):
        branches.append(
            f"SELECT p.id FROM {Post._meta.db_table} p WHERE {where}"  # noqa: S608
            f"{_not_in('p.author_id', sources.left_out)}{_within('p.id', above, below)}{near} "
            f"ORDER BY p.id {order} LIMIT %s"
        )
        params += [*where_params, *_listed(sources.left_out), *_bounds(above, below), *near_params]
        params.append(limit)
    if len(branches) == 1:
        statement = rows_sql
    else:
        # SQLite allows ORDER BY and LIMIT in a UNION's branches only inside subqueries.
        wrapped = [f"SELECT * FROM ({sql}) b{n}" for n, sql in enumerate(branches)]  # noqa: S608
        statement = " UNION ".join(wrapped) + f" ORDER BY 1 {order} LIMIT %s"
        params.append(limit)
    return [int(row[0]) for row in rows.fetch(statement, params)]


def _merged_posts(sources: HomeSources) -> list[tuple[str, list[Any]]]:
    """Conditions on posts ``p`` for each branch merged at read time, with their params."""
    branches: list[tuple[str, list[Any]]] = []
    owner = sources.owner_id
    if sources.large:
        post, follow = Post._meta.db_table, Follow._meta.db_table
        quiet = [account_id for account_id, shows in sources.large.items() if not shows]
        where = (
            f"{rows.is_in('p.author_id', sources.large)} AND p.visibility <> %s "  # noqa: S608
            # replies_for_home_of
            "AND (p.in_reply_to_account_id IS NULL OR p.in_reply_to_account_id = p.author_id "
            "OR p.in_reply_to_account_id = %s OR p.in_reply_to_account_id IN "
            f"(SELECT f.followee_id FROM {follow} f WHERE f.follower_id = %s)) "
            # no boosts of the owner's own posts
            "AND (p.reblog_of_id IS NULL OR NOT EXISTS "
            f"(SELECT 1 FROM {post} r WHERE r.id = p.reblog_of_id AND r.author_id = %s))"
            f"{_boosts_allowed(quiet)}"
        )
        params = [
            *rows.listed(sources.large), Visibility.DIRECT.value, owner, owner, owner,
            *_listed(quiet),
        ]  # fmt: skip
        branches.append((where, params))
    if sources.followed_tag_ids:
        tags = sources.followed_tag_ids
        # ``COALESCE`` as in ``_public_originals``: SQLite then walks (visibility, id).
        where = (
            "p.visibility = %s AND COALESCE(p.reblog_of_id, 0) = 0 AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {PostHashtag._meta.db_table} h "
            f"WHERE h.post_id = p.id AND {rows.is_in('h.hashtag_id', tags)})"
        )
        branches.append((where, [Visibility.PUBLIC.value, *rows.listed(tags)]))
    return branches


def _boosts_allowed(quiet: Collection[int]) -> str:
    """Leave out boosts by the accounts whose boosts the owner hides (``show_boosts``)."""
    if not quiet:
        return ""
    return f" AND (p.reblog_of_id IS NULL OR {rows.not_in('p.author_id', quiet)})"


def _not_in(column: str, values: Collection[int]) -> str:
    return f" AND {rows.not_in(column, values)}" if values else ""


def _listed(values: Collection[int]) -> list[Any]:
    """The params of ``_not_in`` or ``_boosts_allowed`` (none for no values)."""
    return rows.listed(values) if values else []


def _within(column: str, above: int | None, below: int | None) -> str:
    """Range conditions on ``column``; their params come from ``_bounds``."""
    return (f" AND {column} > %s" if above is not None else "") + (
        f" AND {column} < %s" if below is not None else ""
    )


def _bounds(above: int | None, below: int | None) -> list[int]:
    return [bound for bound in (above, below) if bound is not None]
