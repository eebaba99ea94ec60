"""What is trending: hashtags, posts and links of the last day or week.

Only public original posts count, by active people who let themselves be discovered and
indexed; followers-only and direct posts never do. The aggregates run over a window of
at most a week and are cached for a few minutes (a trend doesn't need to be fresher, and a
busy Explore page then costs no aggregate query). A viewer who blocks or is blocked by
someone gets a fresh computation without that person's posts, never the shared cache.
What staff hid is filtered out on every read, so hiding takes effect at once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from townsquare.core.ids import id_at
from townsquare.core.text import URL_RE
from townsquare.discovery.models import HiddenTrend, TrendKind
from townsquare.discovery.models.hidden_trend import trend_key
from townsquare.posts.models import Hashtag, Post, PostHashtag
from townsquare.posts.querysets import Viewer, signed_in
from townsquare.relationships.selectors import blocked_either_way_ids, muted_account_ids

type Period = Literal["day", "week"]

PERIODS: tuple[Period, ...] = ("day", "week")
HISTORY_DAYS = 7
CACHE_SECONDS = 300
# How many ranked trends of each kind are kept; paging goes no deeper.
MAX_TRENDS = 100
# Tags (or posts) ranked by their raw count before scoring; the score reorders these.
CANDIDATES = 400
# Links are found by reading post text, so the newest posts with a URL are read, no more.
MAX_LINK_SCAN = 20_000
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True, slots=True)
class DayUsage:
    """One day (UTC) of a trend's history: how often, by how many people."""

    day: date
    uses: int
    accounts: int


@dataclass(frozen=True, slots=True)
class TagTrend:
    hashtag: Hashtag
    accounts: int
    uses: int
    score: float
    history: list[DayUsage]


@dataclass(frozen=True, slots=True)
class LinkTrend:
    url: str
    host: str
    accounts: int
    uses: int
    score: float
    history: list[DayUsage]


def period_of(raw: str | None) -> Period:
    """A period parameter, the last day unless "week" is asked for."""
    return "week" if raw == "week" else "day"


def _since(period: Period, now: datetime) -> datetime:
    return now - timedelta(days=1 if period == "day" else HISTORY_DAYS)


def trendable_posts(since: datetime, excluded_authors: Collection[int] = ()) -> QuerySet[Post]:
    """Public original posts since ``since`` whose authors let themselves be discovered."""
    posts = Post.objects.filter(
        id__gte=id_at(since),  # the time-sortable id keeps this an index range
        created_at__gte=since,
        visibility="public",
        reblog_of__isnull=True,
        author__is_active=True,
        author__is_approved=True,
        author__is_discoverable=True,
        author__is_indexable=True,
    )
    if excluded_authors:
        posts = posts.exclude(author_id__in=excluded_authors)
    return posts


def _excluded_for(viewer: Viewer) -> set[int]:
    account = signed_in(viewer)
    return set() if account is None else blocked_either_way_ids(account.pk)


def _cached[T](key: str, excluded: set[int], compute: Callable[[], T]) -> T:
    if excluded:
        return compute()
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _hidden(kind: str) -> set[str]:
    return set(HiddenTrend.objects.filter(kind=kind).values_list("key", flat=True))


def _score(observed: int, expected: float) -> float:
    """More people rank higher; growth over the daily baseline multiplies it.

    Like Mastodon's, a tag everybody uses every day doesn't dominate a tag that suddenly
    draws people, but with one person counted for an empty baseline so a small server's
    first trends still show.
    """
    baseline = max(expected, 1.0)
    return observed * (1.0 + max(0.0, observed - baseline) / baseline)


def _history_days(now: datetime) -> list[date]:
    today = now.astimezone(UTC).date()
    return [today - timedelta(days=offset) for offset in range(HISTORY_DAYS)]


def _baseline(days: dict[date, tuple[int, int]], today: date) -> float:
    """People per day over the days before today."""
    earlier = [accounts for day, (_uses, accounts) in days.items() if day < today]
    return sum(earlier) / (HISTORY_DAYS - 1)


# Hashtags -----------------------------------------------------------------------------


type _TagRow = tuple[int, int, int, float, list[tuple[date, int, int]]]


def _compute_tags(period: Period, excluded: set[int]) -> list[_TagRow]:
    now = timezone.now()
    window = (
        PostHashtag.objects.filter(post__in=trendable_posts(_since(period, now), excluded))
        .values("hashtag_id")
        .annotate(accounts=Count("post__author_id", distinct=True), uses=Count("post_id"))
        .order_by("-accounts", "-uses", "hashtag_id")[:CANDIDATES]
    )
    counts = {row["hashtag_id"]: (row["uses"], row["accounts"]) for row in window}
    week_start = datetime.combine(_history_days(now)[-1], datetime.min.time(), tzinfo=UTC)
    per_day: dict[int, dict[date, tuple[int, int]]] = defaultdict(dict)
    daily = (
        PostHashtag.objects.filter(
            hashtag_id__in=list(counts), post__in=trendable_posts(week_start, excluded)
        )
        .annotate(day=TruncDate("post__created_at", tzinfo=UTC))
        .values("hashtag_id", "day")
        .annotate(accounts=Count("post__author_id", distinct=True), uses=Count("post_id"))
        .order_by()
    )
    for row in daily:
        per_day[row["hashtag_id"]][row["day"]] = (row["uses"], row["accounts"])
    today = _history_days(now)[0]
    rows: list[_TagRow] = []
    for tag_id, (uses, accounts) in counts.items():
        days = per_day[tag_id]
        score = _score(accounts, _baseline(days, today)) if period == "day" else float(accounts)
        history = [(day, *days.get(day, (0, 0))) for day in _history_days(now)]
        rows.append((tag_id, accounts, uses, score, history))
    rows.sort(key=lambda row: (-row[3], -row[1], -row[2], row[0]))
    return rows[:MAX_TRENDS]


def trending_tags(
    viewer: Viewer, *, period: Period = "day", offset: int = 0, limit: int = 10
) -> list[TagTrend]:
    """Hashtags used by the most people in the period, growth weighted, best first."""
    excluded = _excluded_for(viewer)
    rows = _cached(
        f"discovery:trends:tags:{period}", excluded, lambda: _compute_tags(period, excluded)
    )
    tags = Hashtag.objects.in_bulk([row[0] for row in rows])
    hidden = _hidden(TrendKind.TAG)
    shown = [row for row in rows if row[0] in tags and tags[row[0]].name not in hidden]
    return [
        TagTrend(
            hashtag=tags[tag_id],
            accounts=accounts,
            uses=uses,
            score=score,
            history=[DayUsage(day, day_uses, day_accounts) for day, day_uses, day_accounts in days],
        )
        for tag_id, accounts, uses, score, days in shown[offset : offset + limit]
    ]


# Posts --------------------------------------------------------------------------------


def _compute_posts(period: Period, excluded: set[int]) -> list[int]:
    now = timezone.now()
    rows = (
        trendable_posts(_since(period, now), excluded)
        .filter(in_reply_to_account_id__isnull=True)
        .annotate(engagement=F("likes_count") + F("boosts_count") + F("replies_count"))
        .filter(engagement__gt=0)
        .order_by("-engagement", "-id")
        .values_list("id", "created_at", "engagement")[:CANDIDATES]
    )
    scored = [
        (engagement / math.pow(max((now - created).total_seconds(), 0) / 3600 + 2, 1.5), post_id)
        for post_id, created, engagement in rows
    ]
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [post_id for _score_value, post_id in scored[:MAX_TRENDS]]


def trending_posts(
    viewer: Viewer, *, period: Period = "day", offset: int = 0, limit: int = 20
) -> list[Post]:
    """Public posts with the most likes, boosts and replies for their age, best first."""
    excluded = _excluded_for(viewer)
    ids = _cached(
        f"discovery:trends:posts:{period}", excluded, lambda: _compute_posts(period, excluded)
    )
    hidden = _hidden(TrendKind.POST)
    account = signed_in(viewer)
    muted = muted_account_ids(account.pk) if account is not None else set()
    # Checked again on load: a post deleted, narrowed or opted out since the cache filled.
    loaded = (
        Post.objects.visible_to(viewer)
        .filter(pk__in=[i for i in ids if str(i) not in hidden], visibility="public")
        .filter(author__is_discoverable=True, author__is_indexable=True)
        .exclude(author_id__in=muted | excluded)
        .with_related()
        .in_bulk()
    )
    ordered = [loaded[i] for i in ids if i in loaded]
    return ordered[offset : offset + limit]


# Links --------------------------------------------------------------------------------


def normalised_url(raw: str) -> str | None:
    """A URL as trends count it: lower-case scheme and host, no fragment."""
    url = raw.rstrip(_TRAILING)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def urls_in(text: str) -> set[str]:
    """The distinct links a post's text carries."""
    found = (normalised_url(match.group(0)) for match in URL_RE.finditer(text))
    return {url for url in found if url is not None}


type _LinkRow = tuple[str, int, int, float, list[tuple[date, int, int]]]


def _compute_links(period: Period, excluded: set[int]) -> list[_LinkRow]:
    now = timezone.now()
    days = _history_days(now)
    week_start = datetime.combine(days[-1], datetime.min.time(), tzinfo=UTC)
    since = _since(period, now)
    rows = (
        trendable_posts(min(since, week_start), excluded)
        .filter(text__contains="://")
        .order_by("-id")
        .values_list("author_id", "text", "created_at")[:MAX_LINK_SCAN]
    )
    in_window: dict[str, set[int]] = defaultdict(set)
    window_uses: dict[str, int] = defaultdict(int)
    per_day: dict[str, dict[date, tuple[int, set[int]]]] = defaultdict(dict)
    for author_id, text, created in rows:
        day = created.astimezone(UTC).date()
        for url in urls_in(text):
            uses, authors = per_day[url].get(day, (0, set()))
            per_day[url][day] = (uses + 1, authors | {author_id})
            if created >= since:
                in_window[url].add(author_id)
                window_uses[url] += 1
    ranked: list[_LinkRow] = []
    for url, authors in in_window.items():
        history = [
            (day, per_day[url].get(day, (0, set()))[0], len(per_day[url].get(day, (0, set()))[1]))
            for day in days
        ]
        expected = sum(accounts for day, _u, accounts in history if day < days[0]) / (
            HISTORY_DAYS - 1
        )
        observed = len(authors)
        score = _score(observed, expected) if period == "day" else float(observed)
        ranked.append((url, observed, window_uses[url], score, history))
    ranked.sort(key=lambda row: (-row[3], -row[1], -row[2], row[0]))
    return ranked[:MAX_TRENDS]


def trending_links(
    viewer: Viewer, *, period: Period = "day", offset: int = 0, limit: int = 10
) -> list[LinkTrend]:
    """Links shared in public posts by the most people in the period, best first."""
    excluded = _excluded_for(viewer)
    rows = _cached(
        f"discovery:trends:links:{period}", excluded, lambda: _compute_links(period, excluded)
    )
    hidden = _hidden(TrendKind.LINK)
    shown = [row for row in rows if trend_key(TrendKind.LINK, row[0]) not in hidden]
    return [
        LinkTrend(
            url=url,
            host=urlsplit(url).hostname or url,
            accounts=accounts,
            uses=uses,
            score=score,
            history=[DayUsage(day, day_uses, day_accounts) for day, day_uses, day_accounts in days],
        )
        for url, accounts, uses, score, days in shown[offset : offset + limit]
    ]
