"""Reads of content filters, and the matcher that applies them to a page of posts."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.html import strip_tags

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.core.errors import NotFound
from townsquare.filters.models import Filter, FilterAction, FilterKeyword, FilterStatus
from townsquare.posts.models import Post, PostAttachment


def filters_of(account: Account) -> QuerySet[Filter]:
    """``account``'s filters (expired ones too), oldest first, with keywords and posts."""
    return (
        Filter.objects.filter(account=account)
        .order_by("id")
        .prefetch_related(
            Prefetch("keywords", queryset=FilterKeyword.objects.order_by("id")),
            Prefetch("statuses", queryset=FilterStatus.objects.order_by("id")),
        )
    )


def access_filter(filter_id: int, *, account: Account) -> Filter:
    """One of ``account``'s filters; NotFound for anyone else's."""
    found = filters_of(account).filter(pk=filter_id).first()
    if found is None:
        raise NotFound()
    return found


def access_keyword(keyword_id: int, *, account: Account) -> FilterKeyword:
    """A keyword of one of ``account``'s filters; NotFound for anyone else's."""
    found = (
        FilterKeyword.objects.select_related("filter")
        .filter(pk=keyword_id, filter__account=account)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def access_filter_status(filter_status_id: int, *, account: Account) -> FilterStatus:
    """A filtered post of one of ``account``'s filters; NotFound for anyone else's."""
    found = FilterStatus.objects.filter(pk=filter_status_id, filter__account=account).first()
    if found is None:
        raise NotFound()
    return found


def keywords_of(account: Account) -> QuerySet[FilterKeyword]:
    """Every keyword of ``account``'s filters, as the deprecated v1 API lists them."""
    return (
        FilterKeyword.objects.filter(filter__account=account)
        .select_related("filter")
        .order_by("filter_id", "id")
    )


@dataclass(frozen=True, slots=True)
class FilterHit:
    """Why one post is filtered by one filter: its keywords that matched, or the post itself."""

    filter: Filter
    keyword_matches: tuple[str, ...] = ()
    status_matches: tuple[int, ...] = ()

    @property
    def is_hidden(self) -> bool:
        return self.filter.action == FilterAction.HIDE


@dataclass(frozen=True, slots=True)
class _CompiledFilter:
    filter: Filter
    pattern: re.Pattern[str] | None
    keyword_by_group: dict[str, str]


@dataclass(slots=True)
class PostMatcher:
    """A viewer's active filters for one context, compiled once for a page of posts."""

    filters: list[_CompiledFilter] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.filters)

    def results(self, posts: Sequence[Post]) -> dict[int, list[FilterHit]]:
        """The hits of every post that matched, keyed by its id (and a boost's original's).

        A boost is judged by the post it boosts. Costs at most two queries for the whole
        page (image descriptions, filtered posts), none when the viewer has no filters.
        """
        if not self.filters or not posts:
            return {}
        shown = {post.id: post.reblog_of or post for post in posts}
        shown_ids = {original.id for original in shown.values()}
        texts = _searchable_texts(list(shown.values()))
        by_post = _filtered_post_ids(shown_ids, [item.filter.id for item in self.filters])
        found: dict[int, list[FilterHit]] = {}
        for post_id, original in shown.items():
            text = texts[original.id]
            hits = [
                hit
                for item in self.filters
                if (hit := _hit(item, text, by_post[item.filter.id], original.id)) is not None
            ]
            if hits:
                found[post_id] = hits
                # A boost's original shows inside it, and carries the same hits.
                found.setdefault(original.id, hits)
        return found


def matcher_for(viewer: Account | None, context: str) -> PostMatcher:
    """The matcher of ``viewer``'s unexpired filters that apply in ``context`` (two queries)."""
    if viewer is None:
        return PostMatcher()
    applying = [item for item in _unexpired_filters(viewer.pk) if context in item.contexts]
    if applying:
        keywords = Prefetch("keywords", queryset=FilterKeyword.objects.order_by("id"))
        prefetch_related_objects(applying, keywords)
    return PostMatcher([_compile(item) for item in applying])


def _unexpired_filters(account_id: int) -> list[Filter]:
    """The account's filters that have not expired, oldest first.

    Hand-written rather than from ``filters_of``: every page of every feed asks, most
    viewers have none, and compiling the queryset cost more than answering it.
    """
    shape = rows.shape(Filter)
    sql = (
        f"SELECT {rows.columns(Filter, 'f')} FROM {Filter._meta.db_table} f"  # noqa: S608
        " WHERE f.account_id = %s AND (f.expires_at IS NULL OR f.expires_at > %s)"
        " ORDER BY f.id"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [shape.instance(row) for row in rows.fetch(sql, [account_id, now])]


def filter_results(
    viewer: Account | None, context: str, posts: Sequence[Post]
) -> dict[int, list[FilterHit]]:
    """Shorthand: ``matcher_for(viewer, context).results(posts)``."""
    return matcher_for(viewer, context).results(posts)


def keyword_pattern(keywords: Iterable[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all ``(keyword, whole_word)`` pairs, or None."""
    parts = [
        _keyword_part(keyword, whole_word, f"k{index}")
        for index, (keyword, whole_word) in enumerate(keywords)
    ]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _keyword_part(keyword: str, whole_word: bool, group: str) -> str:
    escaped = re.escape(keyword)
    if whole_word:
        # A boundary only where the keyword itself starts or ends with a word character,
        # so "#tag" or "c++" still match as whole words.
        if re.match(r"\w", keyword):
            escaped = r"(?<!\w)" + escaped
        if re.search(r"\w$", keyword):
            escaped += r"(?!\w)"
    return f"(?P<{group}>{escaped})"


def _compile(item: Filter) -> _CompiledFilter:
    keywords = list(item.keywords.all())
    pattern = keyword_pattern((keyword.keyword, keyword.whole_word) for keyword in keywords)
    groups = {f"k{index}": keyword.keyword for index, keyword in enumerate(keywords)}
    return _CompiledFilter(filter=item, pattern=pattern, keyword_by_group=groups)


def _hit(
    item: _CompiledFilter, text: str, filtered_posts: set[int], post_id: int
) -> FilterHit | None:
    matched: list[str] = []
    if item.pattern is not None:
        for match in item.pattern.finditer(text):
            keyword = item.keyword_by_group[match.lastgroup or ""]
            if keyword not in matched:
                matched.append(keyword)
    statuses = (post_id,) if post_id in filtered_posts else ()
    if not matched and not statuses:
        return None
    return FilterHit(filter=item.filter, keyword_matches=tuple(matched), status_matches=statuses)


def _searchable_texts(posts: Sequence[Post]) -> dict[int, str]:
    """Where keywords are looked for, as in Mastodon: content warning, text, image descriptions."""
    descriptions: dict[int, list[str]] = defaultdict(list)
    rows = PostAttachment.objects.filter(post_id__in=[post.id for post in posts]).exclude(
        media__description=""
    )
    for post_id, description in rows.order_by("position").values_list(
        "post_id", "media__description"
    ):
        descriptions[post_id].append(description)
    return {
        post.id: "\n\n".join(
            [post.spoiler_text, _plain(post.content_html), *descriptions.get(post.id, [])]
        )
        for post in posts
    }


def _plain(content_html: str) -> str:
    # Paragraph and line breaks separate words, so "end</p><p>start" doesn't join them.
    spaced = re.sub(r"<(?:br|/p)\b[^>]*>", "\n", content_html)
    return html.unescape(strip_tags(spaced))


def _filtered_post_ids(post_ids: set[int], filter_ids: list[int]) -> dict[int, set[int]]:
    by_filter: dict[int, set[int]] = defaultdict(set)
    rows = FilterStatus.objects.filter(filter_id__in=filter_ids, post_id__in=post_ids)
    for filter_id, post_id in rows.values_list("filter_id", "post_id"):
        by_filter[filter_id].add(post_id)
    return by_filter
