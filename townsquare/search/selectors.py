"""Search reads: candidates come from the index, then pass the visibility rule of ``posts``.

A post is found only if ``Post.objects.visible_to(viewer)`` lets the viewer see it (so
blocks either way, followers-only and direct posts are handled there) and its author
lets posts be indexed. Paging is by offset: relevance has no key to page on.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import accounts_by_usernames, visible_accounts
from townsquare.core.ids import id_at
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import Hashtag, Mention, Post, PostAttachment, PostHashtag
from townsquare.posts.querysets import PUBLICLY_VISIBLE, PostQuerySet, Viewer, signed_in
from townsquare.relationships.selectors import blocked_either_way_ids, following_of
from townsquare.search.backends import PostMatch, backend
from townsquare.search.query import Query, tokens

MAX_LIMIT = 40
MAX_OFFSET = 10_000
# The index ranks the newest matches (``rank_window``), at most this many are looked at;
# they pass the visibility rule in batches until a page is full, so a word found mostly
# in posts the viewer can't see ends the search early.
SCAN_BATCH = 200
MAX_SCANNED = 4_000
MAX_NAME_CHARS = 100
_HOUR_MS = 3600 * 1000


def window(offset: int, limit: int) -> tuple[int, int]:
    """``offset`` and ``limit`` clamped to what a search serves."""
    return max(0, min(offset, MAX_OFFSET)), max(1, min(limit, MAX_LIMIT))


def search_posts(
    viewer: Viewer,
    query: Query,
    *,
    offset: int = 0,
    limit: int = 20,
    following: bool = False,
    account_id: int | None = None,
) -> list[Post]:
    """Posts matching ``query`` that ``viewer`` may see, best first (newest first when the
    query has only filters), loaded for display."""
    offset, limit = window(offset, limit)
    candidates = _filtered(Post.objects.visible_to(viewer), query, viewer, following, account_id)
    if not query.terms:
        if not query.has_filters:
            return []
        return list(candidates.with_related().order_by("-id")[offset : offset + limit])
    found = _ranked_visible_ids(query, candidates, wanted=offset + limit)
    page_ids = found[offset : offset + limit]
    loaded = Post.objects.with_related().in_bulk(page_ids)
    return [loaded[post_id] for post_id in page_ids if post_id in loaded]


def _ranked_visible_ids(query: Query, candidates: PostQuerySet, *, wanted: int) -> list[int]:
    match = PostMatch(
        terms=tuple(query.terms),
        excluded=tuple(query.excluded),
        min_id=id_at(query.after + timedelta(days=1)) if query.after else None,
        max_id=id_at(query.before) if query.before else None,
        window=rank_window(),
    )
    # Recency is measured from the hour, so the order holds while someone pages.
    now_ms = int(time.time() * 1000) // _HOUR_MS * _HOUR_MS
    # One ranking of the whole window (a few thousand ids at most), then visibility in
    # batches until the page is full.
    ranked = backend().post_ids(match, offset=0, limit=MAX_SCANNED, now_ms=now_ms)
    found: list[int] = []
    for start in range(0, len(ranked), SCAN_BATCH):
        ids = ranked[start : start + SCAN_BATCH]
        visible = set(candidates.filter(id__in=ids).values_list("id", flat=True))
        found += [post_id for post_id in ids if post_id in visible]
        if len(found) >= wanted:
            break
    return found


def rank_window() -> int:
    """How many of the newest matches a search ranks (``TOWNSQUARE_SEARCH_RANK_WINDOW``)."""
    return int(settings.TOWNSQUARE_SEARCH_RANK_WINDOW)


def _filtered(
    posts: PostQuerySet,
    query: Query,
    viewer: Viewer,
    following: bool,
    account_id: int | None,
) -> PostQuerySet:
    """``posts`` narrowed by the query's operators and the caller's options."""
    posts = posts.filter(reblog_of__isnull=True, author__is_indexable=True)
    if query.has_poll:
        posts = posts.filter(poll__isnull=False)
    if query.authors:
        authors = accounts_by_usernames(query.authors)
        posts = posts.filter(author_id__in=[account.id for account in authors.values()])
    if query.mentions:
        mentioned = accounts_by_usernames(query.mentions)
        if len(mentioned) < len(set(query.mentions)):
            return posts.none()
        for account in mentioned.values():
            posts = posts.filter(
                Exists(Mention.objects.filter(post=OuterRef("pk"), account_id=account.id))
            )
    for tag in query.hashtags:
        posts = posts.filter(
            Exists(PostHashtag.objects.filter(post=OuterRef("pk"), hashtag__name=tag))
        )
    if query.has_media:
        posts = posts.filter(Exists(PostAttachment.objects.filter(post=OuterRef("pk"))))
    if query.is_reply:
        posts = posts.filter(in_reply_to_account_id__isnull=False)
    if query.before:
        posts = posts.filter(id__lt=id_at(query.before))
    if query.after:
        posts = posts.filter(id__gte=id_at(query.after + timedelta(days=1)))
    if account_id is not None:
        posts = posts.filter(author_id=account_id)
    if following:
        follower = signed_in(viewer)
        if follower is None:
            return posts.none()
        posts = posts.filter(author__in=following_of(follower).values("pk"))
    return posts


def search_accounts(
    viewer: Viewer, text: str, *, offset: int = 0, limit: int = 20, following: bool = False
) -> list[Account]:
    """People whose username or display name starts with ``text``, then people whose
    name or bio has words starting with its words; blocked people either way left out."""
    offset, limit = window(offset, limit)
    name = text.strip().removeprefix("@").split("@")[0][:MAX_NAME_CHARS]
    words = tokens(name)
    if not name or not words:
        return []
    people = _visible_people(viewer, following)
    wanted = offset + limit
    by_prefix = list(
        people.filter(Q(username__istartswith=name) | Q(display_name__istartswith=name))
        .annotate(is_exact=Case(When(username__iexact=name, then=Value(0)), default=Value(1)))
        .order_by("is_exact", "-followers_count", "id")
        .values_list("id", flat=True)[:wanted]
    )
    from_index = backend().account_ids(words, limit=wanted + SCAN_BATCH)
    allowed = set(people.filter(id__in=from_index).values_list("id", flat=True))
    ordered = list(dict.fromkeys([*by_prefix, *(i for i in from_index if i in allowed)]))
    page_ids = ordered[offset:wanted]
    loaded = Account.objects.in_bulk(page_ids)
    return [loaded[account_id] for account_id in page_ids if account_id in loaded]


def _visible_people(viewer: Viewer, following: bool) -> QuerySet[Account]:
    people = visible_accounts()
    account = signed_in(viewer)
    if account is None:
        return people.none() if following else people
    people = people.exclude(pk__in=blocked_either_way_ids(account.pk))
    if following:
        people = people.filter(pk__in=following_of(account).values("pk"))
    return people


def search_hashtags(text: str, *, offset: int = 0, limit: int = 20) -> list[Hashtag]:
    """Hashtags starting with ``text`` that some public post uses; the exact one first."""
    offset, limit = window(offset, limit)
    name = normalise_hashtag(text.strip().lstrip("#"))[:MAX_NAME_CHARS]
    if not tokens(name):
        return []
    in_public = PostHashtag.objects.filter(
        hashtag=OuterRef("pk"),
        post__visibility__in=PUBLICLY_VISIBLE,
        post__author__is_active=True,
    )
    tags = (
        Hashtag.objects.filter(name__startswith=name)
        .filter(Exists(in_public))
        .annotate(is_exact=Case(When(name=name, then=Value(0)), default=Value(1)))
        .order_by("is_exact", "name")
    )
    return list(tags[offset : offset + limit])
