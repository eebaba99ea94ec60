"""Feeds: pages of posts, newest first, each re-checked against who may see what.

Every post a feed shows passed the one rule of ``posts``: either ``Post.objects.
visible_to(viewer)`` in SQL or, for feeds whose candidates come from an index (a home's
rows, a hashtag's links), ``visible_among`` on the loaded rows. A timeline row is only a
hint that a post belongs there, never a permission (a follower who unfollowed must not
see a followers-only post still in their home table). Feeds a person reads for
discovery (home, local, hashtag) also leave out accounts the viewer blocks, is blocked
by or mutes. A page costs a fixed number of queries: ids by one index range scan (a
home's, with the posts merged at read time, in one statement), then one batched load
with authors, boosts and media (and, rarely, another round when the re-check dropped
posts).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from django.db import IntegrityError, connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.pagination import MAX_LIMIT, Page, PageRequest, page_of, paginate
from townsquare.posts.models import (
    Bookmark,
    Hashtag,
    Like,
    Mention,
    Pin,
    Post,
    PostAttachment,
    PostHashtag,
    Visibility,
)
from townsquare.posts.querysets import PostQuerySet, visible_among
from townsquare.posts.selectors import hashtag_by_name
from townsquare.relationships.selectors import (
    hidden_account_ids,
    hidden_accounts,
    is_blocked_either_way,
)
from townsquare.timelines.home_context import home_context
from townsquare.timelines.models import (
    ConversationMark,
    FollowedTag,
    List,
    ListMember,
    RepliesPolicy,
)
from townsquare.timelines.querysets import HomeSources, home_post_ids, replies_for_home_of
from townsquare.timelines.services import rebuild_homes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

type Viewer = Account | AnonymousUser | None
type ProfileTab = Literal["posts", "replies", "media"]
# Reads the next ``step`` candidate post ids past ``cursor`` (None: from the page's start).
type Propose = Callable[[int | None, int], list[int]]
PROFILE_TABS: tuple[ProfileTab, ...] = ("posts", "replies", "media")
# Rows read beyond a page's limit, so posts the re-check drops rarely cost a second round.
WINDOW_SLACK = 5
MAX_WINDOW_STEP = 1000
# A page gives up after this many candidates all dropped (someone muted a firehose):
# it comes back short rather than reading a whole table.
MAX_SCAN = 4000


def home(viewer: Account, page: PageRequest) -> Page[Post]:
    """The viewer's home: their timeline rows, merged with posts of followed large accounts
    and followed hashtags."""
    page = _clamped(page)
    context = home_context(viewer)
    muted, blocked = context.hidden.muted, context.hidden.blocked
    exclusive = context.exclusive
    if context.is_home_empty and _is_first_page(page):
        _rebuild_empty_home(viewer)

    def accept(posts: list[Post]) -> list[Post]:
        # Rows are hints written by fan-out: re-check the rule and what changed since.
        return _without_authors(visible_among(viewer, posts, blocked=blocked), muted)

    # Rows carry their post's author, so muted people and members of exclusive lists
    # are left out by the index scan itself; boosts of muted people by ``accept``. Posts
    # fan-out does not write (large followees, followed hashtags) come in the same
    # statement, so such a home costs no more round trips than any other.
    sources = HomeSources(
        owner_id=viewer.pk,
        left_out=muted | exclusive,
        large=context.large,
        followed_tag_ids=context.followed_tag_ids,
    )
    is_ascending = page.min_id is not None

    def propose(cursor: int | None, step: int) -> list[int]:
        above, below = _range_past(page, cursor)
        return home_post_ids(sources, above=above, below=below, ascending=is_ascending, limit=step)

    return page_of(_visible_window(propose, page, accept))


def _range_past(page: PageRequest, cursor: int | None) -> tuple[int | None, int | None]:
    """The ids (above, below) the page still walks once it has read up to ``cursor``.

    ``cursor`` was read within the page's bounds, so it replaces the bound it moves.
    """
    if page.min_id is not None:  # oldest first, up from min_id
        return (page.min_id if cursor is None else cursor), page.max_id
    return page.since_id, (page.max_id if cursor is None else cursor)


def _is_first_page(page: PageRequest) -> bool:
    return page.max_id is None and page.min_id is None and page.since_id is None


def _rebuild_empty_home(viewer: Account) -> None:
    """Rebuild a home that holds no entries and should (a returner's, one lost or trimmed).

    The one write a feed makes, and only on a first page: homes are capped, so a home
    is rebuilt from follows on demand rather than kept forever.
    """
    if not (viewer.following_count or viewer.posts_count):
        return
    with suppress(IntegrityError):  # another request rebuilt it at the same moment
        rebuild_homes(owner_ids=[viewer.pk])


def exclusive_list_member_ids(viewer: Account) -> set[int]:
    """Members of the viewer's exclusive lists: their posts and boosts stay out of home.

    As in Mastodon, someone put in an exclusive list is read in that list instead.
    """
    members = ListMember.objects.filter(list__owner=viewer, list__is_exclusive=True)
    return set(members.values_list("account_id", flat=True))


def local(viewer: Viewer, page: PageRequest) -> Page[Post]:
    """Public posts of this server, no boosts, no replies to others."""
    candidates = _public_originals().filter(_not_a_reply_to_others())
    page = _clamped(page)
    return page_of(_visible_window(_rows_of(candidates, page), page, _discovery_check(viewer)))


def hashtag(name: str, viewer: Viewer, page: PageRequest) -> Page[Post]:
    """Public posts carrying the hashtag ``name`` (in any case or Unicode form)."""
    tag = hashtag_by_name(name)
    if tag is None:
        return page_of([])
    # Not a boost asked as ``_originals`` asks it: with ``IS NULL`` SQLite walked every
    # original post by the ``reblog_of`` index and sorted the tag's posts (37 ms for a
    # tag on 4,000 posts) instead of walking the tag's (hashtag, post) index.
    links = _originals(
        PostHashtag.objects.filter(hashtag=tag, post__visibility=Visibility.PUBLIC),
        "post__reblog_of_id",
    )
    check = _discovery_check(viewer)
    page = _clamped(page)
    return page_of(_visible_window(_rows_of(links, page, key="post_id"), page, check))


def profile(
    author: Account,
    viewer: Viewer,
    page: PageRequest,
    tab: ProfileTab = "posts",
    *,
    tagged: Hashtag | None = None,
) -> Page[Post]:
    """One tab of ``author``'s profile: posts (with boosts and self-threads), replies, media;
    only their own posts carrying ``tagged`` when given (a featured hashtag's link)."""
    if tab not in PROFILE_TABS:
        raise ValidationFailed("Choose posts, replies or media", field="tab")
    return account_posts(
        author,
        viewer,
        page,
        exclude_replies=tab == "posts",
        only_media=tab == "media",
        tagged=tagged,
    )


def account_posts(
    author: Account,
    viewer: Viewer,
    page: PageRequest,
    *,
    exclude_replies: bool = False,
    only_media: bool = False,
    exclude_boosts: bool = False,
    tagged: Hashtag | None = None,
) -> Page[Post]:
    """``author``'s posts and boosts that ``viewer`` may see, newest first (Mastodon's
    account statuses): without replies to others, only originals with images or video,
    without boosts, only those carrying ``tagged``, as asked.

    Candidates walk the (author, id) index; the rule is checked on the loaded rows, as
    home does, rather than compiled into the query on every request.
    """
    if _blocked_pair(author, viewer) or not author.is_active:
        return page_of([])  # the rule hides every post of a deactivated author
    posts = Post.objects.filter(author=author)
    if tagged is not None:
        posts = posts.filter(hashtag_links__hashtag=tagged)
    if exclude_replies:
        posts = posts.filter(_not_a_reply_to_others())
    if only_media:
        with_media = Exists(PostAttachment.objects.filter(post=OuterRef("pk")))
        posts = posts.filter(with_media, reblog_of__isnull=True)
    if exclude_boosts:
        posts = posts.filter(reblog_of__isnull=True)

    def accept(loaded: list[Post]) -> list[Post]:
        return visible_among(viewer, loaded)

    page = _clamped(page)
    return page_of(_visible_window(_rows_of(posts, page), page, accept))


def pinned(author: Account, viewer: Viewer) -> list[Post]:
    """``author``'s pinned posts the viewer may see, most recently pinned first."""
    if _blocked_pair(author, viewer):
        return []
    pins = Pin.objects.filter(account=author, post__author=author).filter(
        post__in=Post.objects.visible_to(viewer).values("id")
    )
    post_ids = list(pins.order_by("-created_at", "-id").values_list("post_id", flat=True))
    return _load(post_ids)


def bookmarks(viewer: Account, page: PageRequest) -> Page[Post]:
    """Posts the viewer bookmarked and may still see, paged by when they bookmarked them."""
    rows = Bookmark.objects.filter(account=viewer)
    return _paged_by_interaction(rows, viewer, _clamped(page))


def likes(viewer: Account, page: PageRequest) -> Page[Post]:
    """Posts the viewer liked and may still see, paged by when they liked them."""
    rows = Like.objects.filter(account=viewer)
    return _paged_by_interaction(rows, viewer, _clamped(page))


def _clamped(page: PageRequest) -> PageRequest:
    """A PageRequest built by hand may carry any limit; keep it within 1..MAX_LIMIT."""
    return replace(page, limit=max(1, min(page.limit, MAX_LIMIT)))


def _discovery_check(viewer: Viewer) -> Callable[[list[Post]], list[Post]]:
    """The re-check of discovery feeds: the rule, without people the viewer hides."""
    if not isinstance(viewer, Account):
        return lambda posts: visible_among(viewer, posts)
    people = hidden_accounts(viewer.pk)
    blocked, hidden = people.blocked, people.all

    def accept(posts: list[Post]) -> list[Post]:
        kept = visible_among(viewer, posts, blocked=blocked)
        return [post for post in kept if post.author_id not in hidden]

    return accept


def _discoverable(viewer: Viewer) -> PostQuerySet:
    posts = Post.objects.visible_to(viewer)
    if isinstance(viewer, Account):
        hidden = hidden_account_ids(viewer.pk)
        posts = posts.exclude(author_id__in=hidden)
    return posts


def _public_originals() -> QuerySet[Post]:
    """Public posts that are not boosts, newest first by the (visibility, id) index."""
    return _originals(Post.objects.filter(visibility=Visibility.PUBLIC), "reblog_of_id")


def _originals(rows: QuerySet[Any], reblog_of: str) -> QuerySet[Any]:
    """``rows`` whose post (``reblog_of`` names its column) is not a boost.

    On SQLite "not a boost" is asked as ``COALESCE(reblog_of_id, 0) = 0``: SQLite reads
    ``IS NULL`` as a rare value of the ``reblog_of`` index, when nearly every post has
    none, then sorts the whole table to find a page. PostgreSQL's statistics know how
    many posts have none, but it cannot estimate the COALESCE: for a tag's page it hashed
    the whole posts table (21 ms on M, against 1.3 ms asked with ``IS NULL``).
    """
    if connections[rows.db].vendor == "sqlite":
        with_boosted: QuerySet[Any] = rows.alias(boosted=Coalesce(reblog_of, 0))
        return with_boosted.filter(boosted=0)
    return rows.filter(**{f"{reblog_of}__isnull": True})


def _not_a_reply_to_others() -> Q:
    return Q(in_reply_to_account_id__isnull=True) | Q(in_reply_to_account_id=F("author_id"))


def _blocked_pair(author: Account, viewer: Viewer) -> bool:
    return isinstance(viewer, Account) and is_blocked_either_way(viewer.pk, author.pk)


def _without_authors(posts: list[Post], author_ids: Collection[int]) -> list[Post]:
    """``posts`` without those by ``author_ids`` or boosting them."""
    if not author_ids:
        return posts
    return [
        post
        for post in posts
        if post.author_id not in author_ids
        and (post.reblog_of is None or post.reblog_of.author_id not in author_ids)
    ]


def _visible_window(
    propose: Propose, page: PageRequest, accept: Callable[[list[Post]], list[Post]]
) -> list[Post]:
    """One page of the posts ``propose`` offers that ``accept`` keeps, newest first.

    ``propose`` reads candidate ids from an index the database walks and stops early: a
    cheap filter that only proposes posts. Proposed posts load in one batch and
    ``accept`` re-checks them on the loaded rows; when it drops some, the next ids are
    read, in growing steps, until the page is full or nothing is left.
    """
    is_ascending = page.min_id is not None
    found: list[Post] = []
    step, scanned = page.limit + WINDOW_SLACK, 0
    cursor: int | None = None
    while len(found) < page.limit and scanned < MAX_SCAN:
        ids = propose(cursor, step)
        scanned += len(ids)
        # Load only as many as the page still needs; the spare ids cost nothing unread.
        needed = page.limit - len(found)
        found.extend(accept(_load(ids[:needed])))
        if len(found) < page.limit and len(ids) > needed:
            found.extend(accept(_load(ids[needed:])))  # some were dropped: the rest at once
        if len(ids) < step:
            break
        cursor, step = ids[-1], min(step * 2, MAX_WINDOW_STEP)
    found = found[: page.limit]
    return list(reversed(found)) if is_ascending else found


def _rows_of(candidates: QuerySet[Any], page: PageRequest, *, key: str = "id") -> Propose:
    """Proposals from ``candidates``, rows whose ``key`` column is a post id, in the page's
    bounds and order: ``step`` ids at a time, past the last id read (``cursor``)."""
    is_ascending = page.min_id is not None
    rows = candidates
    if page.max_id is not None:
        rows = rows.filter(**{f"{key}__lt": page.max_id})
    if page.min_id is not None:
        rows = rows.filter(**{f"{key}__gt": page.min_id})
    elif page.since_id is not None:
        rows = rows.filter(**{f"{key}__gt": page.since_id})
    ordered = rows.order_by(key if is_ascending else f"-{key}")

    def propose(cursor: int | None, step: int) -> list[int]:
        window = ordered
        if cursor is not None:
            window = window.filter(**{f"{key}__gt" if is_ascending else f"{key}__lt": cursor})
        return list(window.values_list(key, flat=True)[:step])

    return propose


def _id_window(posts: QuerySet[Post], page: PageRequest, *, key: str = "id") -> list[int]:
    """The ids of one page of ``posts`` as ``page`` asks, newest first.

    ``key`` is a column equal to the post id that an index orders, so the database walks
    the index and stops after ``limit`` rows instead of sorting the whole range.
    """
    # The range filters name ``id``, not ``key``: a second filter() on a multi-valued
    # relation would add a second join (one row per home holding the post).
    if page.max_id is not None:
        posts = posts.filter(id__lt=page.max_id)
    if page.min_id is not None:
        oldest_first = posts.filter(id__gt=page.min_id).order_by(key)
        return list(reversed(oldest_first.values_list("id", flat=True)[: page.limit]))
    if page.since_id is not None:
        posts = posts.filter(id__gt=page.since_id)
    return list(posts.order_by(f"-{key}").values_list("id", flat=True)[: page.limit])


def _load(ids: Sequence[int]) -> list[Post]:
    """Posts by id with everything a rendered post needs, in the order of ``ids``."""
    return Post.objects.in_order(ids)


def _paged_by_interaction[R: (Bookmark, Like)](
    rows: QuerySet[R], viewer: Account, page: PageRequest
) -> Page[Post]:
    """Posts behind bookmarks or likes, keyed (and paged) by the bookmark or like id."""
    visible_rows = rows.filter(post__in=Post.objects.visible_to(viewer).values("id"))
    window = paginate(visible_rows.only("id", "post_id"), page)
    found = Post.objects.with_related().in_bulk([row.post_id for row in window.items])
    posts = [found[row.post_id] for row in window.items if row.post_id in found]
    return Page(items=posts, next_max_id=window.next_max_id, prev_min_id=window.prev_min_id)


def followed_tags(account: Account) -> QuerySet[Hashtag]:
    """The hashtags ``account`` follows, most recently followed first (annotated ``edge_id``)."""
    return Hashtag.objects.filter(followers__account=account).annotate(edge_id=F("followers__id"))


def followed_tag_ids(account: Account | None, tags: Sequence[Hashtag]) -> set[int]:
    """Which of ``tags`` ``account`` follows."""
    if account is None or not tags:
        return set()
    rows = FollowedTag.objects.filter(account=account, hashtag__in=list(tags))
    return set(rows.values_list("hashtag_id", flat=True))


def lists_of(owner: Account) -> QuerySet[List]:
    """``owner``'s lists, oldest first (as Mastodon orders them)."""
    return List.objects.filter(owner=owner).order_by("id")


def access_list(list_id: int, *, owner: Account) -> List:
    """One of ``owner``'s lists; NotFound for anyone else's."""
    found = List.objects.filter(id=list_id, owner=owner).first()
    if found is None:
        raise NotFound()
    return found


def list_members(feed: List) -> QuerySet[Account]:
    """The list's active members, newest addition first (annotated ``edge_id``)."""
    return Account.objects.filter(list_memberships__list=feed, is_active=True).annotate(
        edge_id=F("list_memberships__id")
    )


def list_timeline(feed: List, page: PageRequest) -> Page[Post]:
    """Posts and boosts by the list's members that its owner may see, read at request time."""
    owner = feed.owner
    members = feed.members.values("account_id")
    posts = (
        _discoverable(owner)
        .filter(author_id__in=members)
        .exclude(visibility=Visibility.DIRECT)
        .exclude(reblog_of__author_id__in=hidden_account_ids(owner.pk))
    )
    if feed.replies_policy == RepliesPolicy.FOLLOWED:
        posts = posts.filter(replies_for_home_of(owner.pk))
    elif feed.replies_policy == RepliesPolicy.LIST:
        posts = posts.filter(
            _not_a_reply_to_others()
            | Q(in_reply_to_account_id=owner.pk)
            | Q(in_reply_to_account_id__in=members)
        )
    else:
        posts = posts.filter(_not_a_reply_to_others())
    return page_of(_load(_id_window(posts, _clamped(page))))


CONVERSATION_SCAN = 1000


@dataclass(frozen=True, slots=True)
class Conversation:
    """A thread of direct posts as one person sees it; ``id`` is the thread's first post."""

    id: int
    last_post: Post
    participants: list[Account]
    is_unread: bool


def conversations(viewer: Account, page: PageRequest) -> Page[Conversation]:
    """The viewer's conversations, the one with the newest message first.

    Derived from the latest ``CONVERSATION_SCAN`` direct posts the viewer may see; each
    conversation is paged by the id of its newest post.
    """
    page = _clamped(page)
    newest = _newest_direct_posts(viewer)
    marks = {mark.root_id: mark for mark in ConversationMark.objects.filter(owner=viewer)}
    shown = []
    for root_id, (last_id, author_id) in newest.items():
        mark = marks.get(root_id)
        if mark is not None and mark.hidden_up_to >= last_id:
            continue
        if page.max_id is not None and last_id >= page.max_id:
            continue
        after = page.min_id if page.min_id is not None else page.since_id
        if after is not None and last_id <= after:
            continue
        unread = author_id != viewer.pk and (mark is None or mark.read_up_to < last_id)
        shown.append((root_id, last_id, unread))
    window = shown[-page.limit :] if page.min_id is not None else shown[: page.limit]
    found = _conversations(viewer, window)
    if not found:
        return page_of([])
    return Page(items=found, next_max_id=found[-1].last_post.id, prev_min_id=found[0].last_post.id)


def access_conversation(conversation_id: int, *, viewer: Account) -> Conversation:
    """One of the viewer's conversations, hidden or not; NotFound otherwise."""
    newest = _newest_direct_posts(viewer)
    if conversation_id not in newest:
        raise NotFound()
    last_id, author_id = newest[conversation_id]
    mark = ConversationMark.objects.filter(owner=viewer, root_id=conversation_id).first()
    unread = author_id != viewer.pk and (mark is None or mark.read_up_to < last_id)
    return _conversations(viewer, [(conversation_id, last_id, unread)])[0]


def _newest_direct_posts(viewer: Account) -> dict[int, tuple[int, int]]:
    """{thread root id: (newest post id, its author id)}, newest conversation first."""
    posts = (
        Post.objects.visible_to(viewer)
        .filter(visibility=Visibility.DIRECT, reblog_of__isnull=True)
        .exclude(author_id__in=hidden_account_ids(viewer.pk))
        .order_by("-id")
        .values_list("id", "thread_root_id", "author_id")[:CONVERSATION_SCAN]
    )
    newest: dict[int, tuple[int, int]] = {}
    for post_id, root_id, author_id in posts:
        newest.setdefault(root_id or post_id, (post_id, author_id))
    return newest


def _conversations(viewer: Account, window: list[tuple[int, int, bool]]) -> list[Conversation]:
    posts = {post.id: post for post in _load([last_id for _, last_id, _ in window])}
    roots = [root_id for root_id, _, _ in window]
    # Only posts the viewer may see name participants: others' private replies stay private.
    thread = Post.objects.visible_to(viewer).filter(
        Q(id__in=roots) | Q(thread_root_id__in=roots), visibility=Visibility.DIRECT
    )
    people: dict[int, set[int]] = {root_id: set() for root_id in roots}
    for post_id, root_id, author_id in thread.values_list("id", "thread_root_id", "author_id"):
        people.setdefault(root_id or post_id, set()).add(author_id)
    mentions = Mention.objects.filter(post__in=thread.values("id")).values_list(
        "post__thread_root_id", "post_id", "account_id"
    )
    for root_id, post_id, account_id in mentions:
        people.setdefault(root_id or post_id, set()).add(account_id)
    everyone = {account_id for ids in people.values() for account_id in ids} - {viewer.pk}
    accounts = Account.objects.filter(is_active=True).in_bulk(list(everyone))
    return [
        Conversation(
            id=root_id,
            last_post=posts[last_id],
            participants=[accounts[a] for a in sorted(people[root_id]) if a in accounts],
            is_unread=unread,
        )
        for root_id, last_id, unread in window
        if last_id in posts
    ]


CONVERSATION_POSTS = 200


def conversation_posts(conversation: Conversation, viewer: Account) -> list[Post]:
    """The conversation's direct posts the viewer may see, oldest first (the latest 200)."""
    root = conversation.id
    posts = (
        Post.objects.visible_to(viewer)
        .filter(Q(id=root) | Q(thread_root_id=root))
        .filter(visibility=Visibility.DIRECT, reblog_of__isnull=True)
        .exclude(author_id__in=hidden_account_ids(viewer.pk))
    )
    newest = list(posts.order_by("-id").values_list("id", flat=True)[:CONVERSATION_POSTS])
    return _load(newest[::-1])


def lists_containing(owner: Account, account_id: int) -> QuerySet[List]:
    """``owner``'s lists that ``account_id`` is a member of, oldest first."""
    return lists_of(owner).filter(members__account_id=account_id).distinct()
