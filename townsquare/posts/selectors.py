"""Reads of posts that every interface shares; ``access_post`` answers NotFound for what
the viewer may not see, exactly as for a post that doesn't exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, Field, Max, Model, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core import rows
from townsquare.core.errors import NotFound
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import (
    Bookmark,
    FeaturedTag,
    Hashtag,
    Like,
    Mention,
    Pin,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostEdit,
    PostHashtag,
    ScheduledPost,
    Visibility,
)
from townsquare.posts.querysets import Viewer, signed_in, visible_among
from townsquare.relationships.models import Block

MAX_ID = 2**63
MAX_ANCESTORS = 40
MAX_DESCENDANTS = 500
# How many posts of one thread are considered at all; beyond it a thread page shows a part.
MAX_THREAD_SCAN = 10_000


@dataclass(frozen=True, slots=True)
class Thread:
    """A post in its conversation: ``ancestors`` root first, ``descendants`` depth-first."""

    ancestors: list[Post]
    post: Post
    descendants: list[Post]


FLAGS = ("liked", "boosted", "bookmarked", "pinned")


@dataclass(frozen=True, slots=True)
class PostFlags:
    """What the viewer has done to a post (for a boost: to its original)."""

    is_liked: bool = False
    is_boosted: bool = False
    is_bookmarked: bool = False
    is_pinned: bool = False


def can_see(viewer: Viewer, post: Post) -> bool:
    """Whether ``viewer`` may see ``post``; the same rule as ``Post.objects.visible_to``."""
    return Post.objects.visible_to(viewer).filter(pk=post.pk).exists()


def access_post(post_id: int, *, viewer: Viewer) -> Post:
    """The post with everything needed to show it; NotFound if missing or not visible."""
    if not 0 < post_id < MAX_ID:
        raise NotFound("Post not found")  # the database can't even be asked about it
    # The rule checked on the loaded row (``visible_among``), not compiled into the query,
    # and the row loaded by ``in_order``'s hand-written statements: every single-post
    # route (reading, liking, replying, the answer to a new post) comes here.
    found = Post.objects.in_order([post_id])
    if not found or not visible_among(viewer, found):
        raise NotFound("Post not found")
    return found[0]


def thread(post: Post, *, viewer: Viewer) -> Thread:
    """The conversation around ``post`` (a boost shows its original's), visible parts only."""
    focus = access_post(post.reblog_of_id or post.id, viewer=viewer)
    root_id = focus.thread_root_id or focus.id
    in_thread = Post.objects.filter(Q(pk=root_id) | Q(thread_root_id=root_id))
    parents = dict(in_thread.order_by("id").values_list("id", "in_reply_to_id")[:MAX_THREAD_SCAN])
    visible = set(
        in_thread.visible_to(viewer).order_by("id").values_list("id", flat=True)[:MAX_THREAD_SCAN]
    )
    ancestor_ids = _ancestor_ids(focus, parents, visible)
    descendant_ids = _descendant_ids(focus.id, parents, visible)
    loaded = Post.objects.with_related().in_bulk([*ancestor_ids, *descendant_ids])
    return Thread(
        ancestors=[loaded[i] for i in ancestor_ids if i in loaded],
        post=focus,
        descendants=[loaded[i] for i in descendant_ids if i in loaded],
    )


def viewer_flags(viewer: Viewer, posts: Sequence[Post]) -> dict[int, PostFlags]:
    """Flags for each post as shown, keyed by its id; one query for every kind of flag."""
    account = signed_in(viewer)
    if account is None or not posts:
        return {post.id: PostFlags() for post in posts}
    sql, params = _flags_query(account.pk, _flag_targets(posts))
    return _flags_from(posts, rows.fetch(sql, params))


def _flag_targets(posts: Sequence[Post]) -> list[int]:
    """The posts whose flags show: each post's, or for a boost its original's."""
    return sorted({post.reblog_of_id or post.id for post in posts})


def _flags_from(posts: Sequence[Post], found: Iterable[Sequence[Any]]) -> dict[int, PostFlags]:
    """``viewer_flags`` from rows of (flag, post id); rows of other kinds are passed over."""
    flagged: dict[str, set[int]] = {flag: set() for flag in FLAGS}
    for row in found:
        if row[0] in flagged:
            flagged[row[0]].add(int(row[1]))
    liked, boosted = flagged["liked"], flagged["boosted"]
    bookmarked, pinned = flagged["bookmarked"], flagged["pinned"]
    return {
        post.id: PostFlags(
            is_liked=(target := post.reblog_of_id or post.id) in liked,
            is_boosted=target in boosted,
            is_bookmarked=target in bookmarked,
            is_pinned=target in pinned,
        )
        for post in posts
    }


@dataclass(frozen=True, slots=True)
class PollView:
    """A poll as one viewer sees it: their votes, whether they may vote, which counts show."""

    poll: Poll
    options: list[PollOption]
    own_votes: tuple[int, ...]
    is_expired: bool
    is_own: bool
    is_signed_in: bool

    @property
    def has_voted(self) -> bool:
        """As in Mastodon, the author counts as having voted: they see the results."""
        return self.is_own or bool(self.own_votes)

    @property
    def can_vote(self) -> bool:
        return self.is_signed_in and not self.has_voted and not self.is_expired

    @property
    def shows_totals(self) -> bool:
        """``hide_totals`` hides per-option counts from others until the poll ends."""
        return not self.poll.hide_totals or self.is_expired or self.is_own


def access_poll(poll_id: int, *, viewer: Viewer) -> Poll:
    """The poll with its post; NotFound if missing or if the viewer may not see the post."""
    if not 0 < poll_id < MAX_ID:
        raise NotFound("Poll not found")
    poll = Poll.objects.select_related("post").filter(pk=poll_id).first()
    if poll is None or not can_see(viewer, poll.post):
        raise NotFound("Poll not found")
    return poll


def poll_views(viewer: Viewer, posts: Sequence[Post]) -> dict[int, PollView]:
    """The polls of ``posts`` (for a boost: of its original), keyed by the id of the post
    that has the poll; three queries for any number of posts."""
    authors = {post.reblog_of_id or post.id: _original_author_id(post) for post in posts}
    if not authors:
        return {}
    polls = {
        poll.post_id: poll
        for poll in Poll.objects.filter(post_id__in=list(authors)).prefetch_related("options")
    }
    account = signed_in(viewer)
    own: defaultdict[int, list[int]] = defaultdict(list)
    if account is not None and polls:
        votes = PollVote.objects.filter(account=account, poll_id__in=[p.id for p in polls.values()])
        for poll_id, choice in votes.order_by("choice").values_list("poll_id", "choice"):
            own[poll_id].append(choice)
    now = timezone.now()
    return {
        post_id: PollView(
            poll=poll,
            options=list(poll.options.all()),
            own_votes=tuple(own.get(poll.id, ())),
            is_expired=poll.is_expired_at(now),
            is_own=account is not None and authors[post_id] == account.id,
            is_signed_in=account is not None,
        )
        for post_id, poll in polls.items()
    }


def poll_view(viewer: Viewer, poll: Poll) -> PollView:
    """One poll as ``viewer`` sees it (the poll loaded with its post)."""
    return poll_views(viewer, [poll.post])[poll.post_id]


@dataclass(frozen=True, slots=True)
class PostReferences:
    """What a page of posts points at beyond its rows, for rendering them."""

    # (account id, username) of the people each post mentions, in the order written.
    mentions: dict[int, list[tuple[int, str]]]
    # How each post's hashtags display, in the order written.
    tags: dict[int, list[str]]
    poll_post_ids: set[int]


def post_references(post_ids: Collection[int]) -> PostReferences:
    """Mentions, hashtags and which posts have a poll, for ``post_ids`` in one round trip.

    Hand-written SQL, as ``_flags_query``: every page of every feed asks, mostly to hear
    there is nothing, and three ORM queries cost more to build than to run.
    """
    if not post_ids:
        return _references_from([])
    sql, params = _references_query(post_ids)
    return _references_from(rows.fetch(f"{sql} ORDER BY 3", params))


def references_and_flags(
    viewer: Viewer, posts: Sequence[Post], post_ids: Collection[int]
) -> tuple[PostReferences, dict[int, PostFlags]]:
    """``post_references(post_ids)`` and ``viewer_flags(viewer, posts)`` in one round trip
    (every page of statuses asks both)."""
    account = signed_in(viewer)
    if account is None or not posts or not post_ids:
        return post_references(post_ids), viewer_flags(viewer, posts)
    references, references_params = _references_query(post_ids)
    flags, flags_params = _flags_query(account.pk, _flag_targets(posts), width=6)
    found = rows.fetch(
        f"{references} UNION ALL {flags} ORDER BY 3", [*references_params, *flags_params]
    )
    return _references_from(found), _flags_from(posts, found)


def _references_query(post_ids: Collection[int]) -> tuple[str, list[Any]]:
    """Rows of (kind, post id, row id, account id, text, name) for ``post_references``."""
    mention, account = Mention._meta.db_table, Account._meta.db_table
    link, hashtag, poll = PostHashtag._meta.db_table, Hashtag._meta.db_table, Poll._meta.db_table
    sql = (
        f"SELECT 'mention', m.post_id, m.id, a.id, a.username, NULL FROM {mention} m "  # noqa: S608 (our own names)
        f"JOIN {account} a ON m.account_id = a.id WHERE {rows.is_in('m.post_id', post_ids)} "
        "UNION ALL "
        f"SELECT 'tag', l.post_id, l.id, NULL, h.display_name, h.name FROM {link} l "
        f"JOIN {hashtag} h ON l.hashtag_id = h.id WHERE {rows.is_in('l.post_id', post_ids)} "
        "UNION ALL "
        f"SELECT 'poll', p.post_id, p.id, NULL, NULL, NULL FROM {poll} p "
        f"WHERE {rows.is_in('p.post_id', post_ids)}"
    )
    return sql, rows.listed(post_ids) * 3


def _references_from(found: Iterable[Sequence[Any]]) -> PostReferences:
    """``PostReferences`` from ``_references_query``'s rows, in the order of their row
    ids (the order written); rows of other kinds are passed over."""
    references = PostReferences(
        mentions=defaultdict(list), tags=defaultdict(list), poll_post_ids=set()
    )
    for kind, post_id, _, account_id, text, name in found:
        if kind == "mention":
            references.mentions[int(post_id)].append((int(account_id), str(text)))
        elif kind == "tag":
            references.tags[int(post_id)].append(str(text or name))
        elif kind == "poll":
            references.poll_post_ids.add(int(post_id))
    return references


def _original_author_id(post: Post) -> int:
    original = post.reblog_of if post.reblog_of is not None else post
    return int(original.author_id)


def _flags_query(account_id: int, post_ids: list[int], *, width: int = 2) -> tuple[str, list[Any]]:
    """Rows of (flag, post id), padded with NULLs to ``width`` columns, for the four kinds
    of flag of ``FLAGS``.

    Hand-written SQL: every page of every feed asks this, and building the same UNION
    with the ORM costs more than running it.
    """
    padding = ", NULL" * (width - 2)
    parts = []
    params: list[object] = []
    for flag, model, owner, target in (
        ("liked", Like, "account", "post"),
        ("boosted", Post, "author", "reblog_of"),
        ("bookmarked", Bookmark, "account", "post"),
        ("pinned", Pin, "account", "post"),
    ):
        owner_column, target_column = _column(model, owner), _column(model, target)
        parts.append(
            f"SELECT '{flag}', {target_column}{padding} FROM {model._meta.db_table} "  # noqa: S608 (our own names)
            f"WHERE {owner_column} = %s AND {rows.is_in(target_column, post_ids)}"
        )
        params += [account_id, *rows.listed(post_ids)]
    return " UNION ALL ".join(parts), params


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"{name} is not a column of {model.__name__}")
    return field.column


def edit_history(post: Post) -> list[PostEdit]:
    """Every version of ``post``, oldest first; the last is the current one (unsaved)."""
    current = PostEdit(
        post=post,
        text=post.text,
        content_html=post.content_html,
        spoiler_text=post.spoiler_text,
        is_sensitive=post.is_sensitive,
        media_descriptions=[
            {"media_id": attachment.media_id, "description": attachment.media.description}
            for attachment in post.attachments.select_related("media")
        ],
        poll_options=poll_titles(post),
        created_at=post.edited_at or post.created_at or timezone.now(),
    )
    return [*post.edits.order_by("created_at", "id"), current]


def poll_titles(post: Post) -> list[str] | None:
    """The titles of ``post``'s poll options in order, or None when it has no poll."""
    poll = Poll.objects.filter(post=post).first()
    if poll is None:
        return None
    return list(poll.options.order_by("position").values_list("title", flat=True))


def liked_by(post: Post, viewer: Viewer) -> QuerySet[Account]:
    """Who liked the post, latest first, without anyone blocked either way with the viewer."""
    original_id = post.reblog_of_id or post.id
    if not can_see(viewer, post):
        return Account.objects.none()
    accounts = Account.objects.filter(is_active=True, likes__post_id=original_id)
    return _without_blocked(accounts, viewer).order_by("-likes__id")


def boosted_by(post: Post, viewer: Viewer) -> QuerySet[Account]:
    """Who boosted the post, latest first, without anyone blocked either way with the viewer."""
    original_id = post.reblog_of_id or post.id
    if not can_see(viewer, post):
        return Account.objects.none()
    accounts = Account.objects.filter(is_active=True, posts__reblog_of_id=original_id)
    return _without_blocked(accounts, viewer).order_by("-posts__id")


def hashtag_by_name(name: str) -> Hashtag | None:
    """The hashtag called ``name`` (with or without '#', any case), if anyone used it."""
    return Hashtag.objects.filter(name=normalise_hashtag(name.strip().lstrip("#"))).first()


def scheduled_posts_of(account: Account) -> QuerySet[ScheduledPost]:
    """``account``'s scheduled posts with their images, newest scheduling first."""
    return (
        ScheduledPost.objects.filter(account=account)
        .prefetch_related("attachments__media")
        .order_by("-id")
    )


def access_scheduled_post(scheduled_post_id: int, *, owner: Account) -> ScheduledPost:
    """``owner``'s scheduled post; NotFound for anyone else's, as for a missing one."""
    if not 0 < scheduled_post_id < MAX_ID:
        raise NotFound("Scheduled post not found")
    found = scheduled_posts_of(owner).filter(pk=scheduled_post_id).first()
    if found is None:
        raise NotFound("Scheduled post not found")
    return found


# Featured tags count what anyone may see on the profile: public and unlisted posts.
_PROFILE_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)


def featured_tags_of(account: Account) -> QuerySet[FeaturedTag]:
    """``account``'s featured hashtags, oldest first, annotated with ``statuses_count`` and
    ``last_status_at`` from their own public and unlisted posts carrying the tag."""
    own_posts = Q(
        hashtag__post_links__post__author=account,
        hashtag__post_links__post__visibility__in=_PROFILE_VISIBILITIES,
    )
    return (
        FeaturedTag.objects.filter(account=account)
        .select_related("account", "hashtag")
        .annotate(
            statuses_count=Count("hashtag__post_links", filter=own_posts),
            last_status_at=Max("hashtag__post_links__post__created_at", filter=own_posts),
        )
        .order_by("id")
    )


def access_featured_tag(featured_tag_id: int, *, owner: Account) -> FeaturedTag:
    """``owner``'s featured tag; NotFound for anyone else's."""
    if not 0 < featured_tag_id < MAX_ID:
        raise NotFound()
    found = featured_tags_of(owner).filter(pk=featured_tag_id).first()
    if found is None:
        raise NotFound()
    return found


def featured_tag_suggestions(account: Account, *, limit: int = 10) -> list[Hashtag]:
    """The hashtags ``account`` uses most and doesn't feature yet, most used first."""
    used = (
        PostHashtag.objects.filter(post__author=account)
        .exclude(hashtag__featured_by__account=account)
        .values("hashtag")
        .annotate(uses=Count("id"))
        .order_by("-uses", "hashtag")
        .values_list("hashtag", flat=True)[:limit]
    )
    ranked = list(used)
    found = Hashtag.objects.in_bulk(ranked)
    return [found[tag_id] for tag_id in ranked if tag_id in found]


def _without_blocked(accounts: QuerySet[Account], viewer: Viewer) -> QuerySet[Account]:
    account = signed_in(viewer)
    if account is None:
        return accounts
    blocked = Block.objects.filter(blocker=account).values("blocked")
    blockers = Block.objects.filter(blocked=account).values("blocker")
    return accounts.exclude(pk__in=blocked).exclude(pk__in=blockers)


def _ancestor_ids(focus: Post, parents: Mapping[int, int | None], visible: set[int]) -> list[int]:
    """Up the reply chain from ``focus``, skipping what the viewer can't see; root first."""
    found: list[int] = []
    seen = {focus.id}
    current = focus.in_reply_to_id
    while current is not None and current not in seen and len(found) < MAX_ANCESTORS:
        seen.add(current)
        if current in visible:
            found.append(current)
        current = parents.get(current)
    found.reverse()
    return found


def _descendant_ids(
    focus_id: int, parents: Mapping[int, int | None], visible: set[int]
) -> list[int]:
    """Replies below ``focus_id`` depth-first, oldest first at each level; a reply the viewer
    can't see hides the replies under it too."""
    children: defaultdict[int, list[int]] = defaultdict(list)
    for post_id, parent_id in sorted(parents.items()):
        if parent_id is not None and post_id in visible:
            children[parent_id].append(post_id)
    found: list[int] = []
    stack = list(reversed(children[focus_id]))
    while stack and len(found) < MAX_DESCENDANTS:
        post_id = stack.pop()
        found.append(post_id)
        stack.extend(reversed(children[post_id]))
    return found


@dataclass(frozen=True, slots=True)
class WeekActivity:
    """What happened on the server in one week (weeks start on Monday, 00:00 UTC)."""

    starts_at: datetime
    posts: int  # new posts, boosts not counted
    active_accounts: int  # people who posted that week
    sign_ups: int


def weekly_activity(*, weeks: int, now: datetime | None = None) -> list[WeekActivity]:
    """The last ``weeks`` weeks, this one first, in three aggregate queries."""
    now = now or timezone.now()
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    this_week = today - timedelta(days=today.weekday())
    starts = [this_week - timedelta(weeks=back) for back in range(weeks)]
    week = TruncWeek("created_at", tzinfo=UTC)
    originals = Post.objects.filter(reblog_of__isnull=True, created_at__gte=starts[-1])
    posts = dict(originals.annotate(week=week).values_list("week").annotate(n=Count("id")))
    authors = dict(
        originals.annotate(week=week)
        .values_list("week")
        .annotate(n=Count("author_id", distinct=True))
    )
    sign_ups = dict(
        Account.objects.filter(date_joined__gte=starts[-1], is_active=True)
        .annotate(week=TruncWeek("date_joined", tzinfo=UTC))
        .values_list("week")
        .annotate(n=Count("id"))
    )
    return [
        WeekActivity(
            starts_at=start,
            posts=posts.get(start, 0),
            active_accounts=authors.get(start, 0),
            sign_ups=sign_ups.get(start, 0),
        )
        for start in starts
    ]
