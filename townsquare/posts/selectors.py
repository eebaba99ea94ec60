"""Reads of posts that every interface shares; ``access_post`` answers NotFound for what
the viewer may not see, exactly as for a post that doesn't exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import Bookmark, Hashtag, Like, Pin, Post, PostEdit
from townsquare.posts.querysets import Viewer, signed_in
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
    post = Post.objects.visible_to(viewer).with_related().filter(pk=post_id).first()
    if post is None:
        raise NotFound("Post not found")
    return post


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
    """Flags for each post as shown, keyed by its id; one query per kind of flag."""
    account = signed_in(viewer)
    if account is None or not posts:
        return {post.id: PostFlags() for post in posts}
    targets = {post.id: post.reblog_of_id or post.id for post in posts}
    wanted = set(targets.values())
    liked = set(
        Like.objects.filter(account=account, post_id__in=wanted).values_list("post_id", flat=True)
    )
    boosted = set(
        Post.objects.filter(author=account, reblog_of_id__in=wanted).values_list(
            "reblog_of_id", flat=True
        )
    )
    bookmarked = set(
        Bookmark.objects.filter(account=account, post_id__in=wanted).values_list(
            "post_id", flat=True
        )
    )
    pinned = set(
        Pin.objects.filter(account=account, post_id__in=wanted).values_list("post_id", flat=True)
    )
    return {
        shown: PostFlags(
            is_liked=target in liked,
            is_boosted=target in boosted,
            is_bookmarked=target in bookmarked,
            is_pinned=target in pinned,
        )
        for shown, target in targets.items()
    }


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
        created_at=post.edited_at or post.created_at or timezone.now(),
    )
    return [*post.edits.order_by("created_at", "id"), current]


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
