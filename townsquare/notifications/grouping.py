"""Reads of grouped notifications (Mastodon's ``/api/v2/notifications``).

Likes and boosts of one post form one group, keyed ``"<kind>-<post id>"``; every other
notification is a group of its own, ``"ungrouped-<notification id>"``. Pages go over
groups by the id of their most recent notification, in a fixed number of queries: the
page's id range, the groups' counts and bounds within it, their most recent
notifications (with actors and posts), and a few sample actors per group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, RowNumber

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.pagination import Page, PageRequest
from townsquare.notifications.models import Notification, NotificationKind
from townsquare.notifications.selectors import visible_notifications
from townsquare.posts.models import Post

GROUPED_KINDS: frozenset[str] = frozenset({NotificationKind.LIKE, NotificationKind.BOOST})
SAMPLE_ACCOUNTS = 8
# A page reads the recipient's notifications this many at a time, and at most MAX_SCAN.
SCAN_CHUNK = 200
MAX_SCAN = 4000
UNGROUPED = "ungrouped"
# The annotation carrying each row's key (named through a constant: it is no model field).
GROUP_KEY = "group_key"


@dataclass(slots=True)
class NotificationGroup:
    """One group: its most recent notification and, within the page, its bounds."""

    key: str
    count: int
    latest: Notification
    page_min_id: int
    page_max_id: int
    sample_actors: list[Account] = field(default_factory=list)


def group_key(notification: Notification, grouped_kinds: Iterable[str] = GROUPED_KINDS) -> str:
    """The group key of one notification."""
    if notification.kind in set(grouped_kinds) and notification.post_id is not None:
        return f"{notification.kind}-{notification.post_id}"
    return f"{UNGROUPED}-{notification.id}"


def parse_group_key(key: str) -> tuple[str, int]:
    """``(kind, post id)`` for a grouped key, ``("ungrouped", notification id)`` otherwise;
    NotFound for anything that isn't a key."""
    kind, _, raw_id = key.rpartition("-")
    if (kind != UNGROUPED and kind not in GROUPED_KINDS) or not raw_id.isdigit():
        raise NotFound()
    number = int(raw_id)
    if not 0 < number < 2**63:
        raise NotFound()
    return kind, number


def _keyed(rows: QuerySet[Notification], grouped_kinds: frozenset[str]) -> QuerySet[Notification]:
    ungrouped = Concat(Value(f"{UNGROUPED}-"), Cast("id", CharField()), output_field=CharField())
    if not grouped_kinds:
        return rows.annotate(**{GROUP_KEY: ungrouped})
    grouped = Concat(F("kind"), Value("-"), Cast("post_id", CharField()), output_field=CharField())
    key = Case(
        When(Q(kind__in=sorted(grouped_kinds), post__isnull=False), then=grouped),
        default=ungrouped,
        output_field=CharField(),
    )
    return rows.annotate(**{GROUP_KEY: key})


def _range(rows: QuerySet[Notification], page: PageRequest) -> tuple[int, int, list[str]] | None:
    """The ids ``[low, high]`` a page of ``page.limit`` groups spans, and those groups' keys;
    None if the page is empty.

    As in Mastodon, a page is the ``limit`` groups whose most recent notification comes
    first (or, after ``min_id``, whose oldest one comes right after it), and its range runs
    from the oldest of those to the newest: the next page starts below ``low``. The walk
    reads the recipient's index in chunks and stops after ``MAX_SCAN`` rows (the page then
    comes back short), so a page never reads a whole history.
    """
    if page.max_id is not None:
        rows = rows.filter(id__lt=page.max_id)
    ascending = page.min_id is not None
    if ascending:
        rows = rows.filter(id__gt=page.min_id)
    elif page.since_id is not None:
        rows = rows.filter(id__gt=page.since_id)
    ordered = rows.order_by("id" if ascending else "-id").values_list(GROUP_KEY, "id")
    ends: dict[str, int] = {}
    cursor: int | None = None
    scanned = 0
    while len(ends) < page.limit and scanned < MAX_SCAN:
        chunk = ordered
        if cursor is not None:
            chunk = chunk.filter(id__gt=cursor) if ascending else chunk.filter(id__lt=cursor)
        found = list(chunk[:SCAN_CHUNK])
        for key, notification_id in found:
            if key not in ends:
                ends[key] = notification_id
                if len(ends) == page.limit:
                    break
        if len(found) < SCAN_CHUNK:
            break
        cursor = found[-1][1]
        scanned += len(found)
    if not ends:
        return None
    return min(ends.values()), max(ends.values()), list(ends)


def _in_groups(keys: list[str]) -> Q:
    """Rows of the grouped ``keys`` by indexed columns (post, kind); ungrouped ones by id."""
    post_ids: set[int] = set()
    kinds: set[str] = set()
    notification_ids: set[int] = set()
    for key in keys:
        kind, number = parse_group_key(key)
        if kind == UNGROUPED:
            notification_ids.add(number)
        else:
            kinds.add(kind)
            post_ids.add(number)
    wanted = Q(id__in=sorted(notification_ids))
    if post_ids:
        wanted |= Q(kind__in=sorted(kinds), post_id__in=sorted(post_ids))
    return wanted


def notification_groups(
    viewer: Account,
    page: PageRequest,
    *,
    kinds: set[str] | None = None,
    grouped_kinds: frozenset[str] = GROUPED_KINDS,
    actor_id: int | None = None,
) -> Page[NotificationGroup]:
    """A page of the viewer's notification groups, most recent first."""
    rows = visible_notifications(viewer, kinds)
    if actor_id is not None:
        rows = rows.filter(actor_id=actor_id)
    rows = _keyed(rows, grouped_kinds & GROUPED_KINDS)
    bounds = _range(rows, page)
    if bounds is None:
        return Page(items=[], next_max_id=None, prev_min_id=None)
    low, high, keys = bounds
    groups = _groups(rows.filter(_in_groups(keys), id__lte=high), keys, low=low)
    return Page(items=groups, next_max_id=low, prev_min_id=high)


def notification_group(viewer: Account, key: str) -> NotificationGroup:
    """One of the viewer's groups, whole; NotFound if it holds nothing they may read."""
    kind, number = parse_group_key(key)
    rows = visible_notifications(viewer)
    if kind == UNGROUPED:
        rows = rows.filter(id=number)
        grouped_kinds: frozenset[str] = frozenset()
    else:
        rows = rows.filter(kind=kind, post_id=number)
        grouped_kinds = frozenset({kind})
    found = _groups(_keyed(rows, grouped_kinds), [key], low=None)
    if not found:
        raise NotFound()
    return found[0]


def _groups(
    rows: QuerySet[Notification], keys: list[str], *, low: int | None
) -> list[NotificationGroup]:
    """The groups ``keys`` among ``rows``, most recent first.

    Counts and sample actors take every row (up to the page's newest, as in Mastodon);
    ``page_min_id`` only those from ``low`` on.
    """
    rows = rows.filter(**{f"{GROUP_KEY}__in": keys})
    oldest = Min("id") if low is None else Min("id", filter=Q(id__gte=low))
    stats = list(
        rows.order_by()
        .values(GROUP_KEY)
        .annotate(count=Count("id"), low=oldest, high=Max("id"))
        .order_by("-high")
    )
    if not stats:
        return []
    latest = {
        item.id: item
        for item in Notification.objects.filter(id__in=[row["high"] for row in stats])
        .select_related("actor")
        .prefetch_related(Prefetch("post", queryset=Post.objects.with_related()))
    }
    samples = _sample_actor_ids(rows, [row[GROUP_KEY] for row in stats if row["count"] > 1])
    extra_ids = {actor for ids in samples.values() for actor in ids} - {
        item.actor_id for item in latest.values()
    }
    actors = {item.actor_id: item.actor for item in latest.values()}
    if extra_ids:
        actors.update(Account.objects.in_bulk(extra_ids))
    groups = []
    for row in stats:
        head = latest[row["high"]]
        sample_ids = samples.get(row[GROUP_KEY], [head.actor_id])
        groups.append(
            NotificationGroup(
                key=row[GROUP_KEY],
                count=row["count"],
                latest=head,
                page_min_id=row["low"],
                page_max_id=row["high"],
                sample_actors=[actors[actor] for actor in sample_ids if actor in actors],
            )
        )
    return groups


def _sample_actor_ids(rows: QuerySet[Notification], keys: list[str]) -> dict[str, list[int]]:
    """Up to ``SAMPLE_ACCOUNTS`` most recent actors of each group named, in one query."""
    if not keys:
        return {}
    ranked = (
        rows.filter(**{f"{GROUP_KEY}__in": keys})
        .order_by()
        .annotate(rank=Window(RowNumber(), partition_by=[F(GROUP_KEY)], order_by=F("id").desc()))
        .filter(rank__lte=SAMPLE_ACCOUNTS)
        .order_by(GROUP_KEY, "rank")
        .values_list(GROUP_KEY, "actor_id")
    )
    found: dict[str, list[int]] = defaultdict(list)
    for key, actor_id in ranked:
        found[key].append(actor_id)
    return found


def unread_group_count(
    viewer: Account,
    *,
    limit: int,
    kinds: set[str] | None = None,
    grouped_kinds: frozenset[str] = GROUPED_KINDS,
    actor_id: int | None = None,
) -> int:
    """How many groups the viewer's ``limit`` most recent unread notifications form."""
    rows = visible_notifications(viewer, kinds).filter(is_read=False)
    if actor_id is not None:
        rows = rows.filter(actor_id=actor_id)
    recent = rows.order_by("-id").only("id", "kind", "post_id")[:limit]
    return len({group_key(item, grouped_kinds) for item in recent})
