"""Status entities, in batches: what the posts refer to (mentions, hashtags, polls) in one
query, the viewer's flags in another, whatever the number of posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api.serializers.accounts import account_json
from townsquare.api.serializers.common import (
    VISIBILITY_OUT,
    absolute,
    iso,
    iso_or_none,
    rendering_of,
    row_values,
)
from townsquare.api.serializers.filters import filter_results_json
from townsquare.api.serializers.media import media_json
from townsquare.api.serializers.polls import poll_json
from townsquare.core.memo import Memo
from townsquare.filters.selectors import FilterHit, filter_results
from townsquare.posts.models import Post, PostEdit, Visibility
from townsquare.posts.querysets import Viewer, signed_in
from townsquare.posts.selectors import (
    PollView,
    PostFlags,
    PostReferences,
    poll_views,
    references_and_flags,
)

# Anyone may fetch these posts' images, so their URLs are plain (and cacheable).
PUBLIC_FILE_VISIBILITIES = frozenset({Visibility.PUBLIC, Visibility.UNLISTED})


@dataclass(slots=True)
class _Batch:
    """What the posts of one response refer to, loaded once for all of them."""

    request: HttpRequest
    # What the request's URLs start with (``rendering_of``), asked once for the batch.
    rendering: tuple[str, str]
    viewer: Account | None
    flags: dict[int, PostFlags]
    references: PostReferences
    polls: dict[int, PollView] = field(default_factory=dict)
    accounts: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Set when the response is read in a filter context (home, thread, ...).
    filtered: dict[int, list[FilterHit]] | None = None

    def account(self, account: Account) -> dict[str, Any]:
        if account.id not in self.accounts:
            self.accounts[account.id] = account_json(account, self.request, self.rendering)
        return self.accounts[account.id]


def statuses_json(
    posts: Sequence[Post],
    viewer: Viewer,
    request: HttpRequest,
    *,
    filter_context: str | None = None,
) -> list[dict[str, Any]]:
    """Status entities for ``posts`` (loaded ``.with_related()``), in the same order.

    With a ``filter_context``, each status says which of the viewer's filters it matched.
    """
    if not posts:
        return []
    shown = {post.id for post in posts} | {post.reblog_of_id for post in posts if post.reblog_of_id}
    references, flags = references_and_flags(viewer, posts, shown)
    batch = _Batch(
        request=request,
        rendering=rendering_of(request),
        viewer=signed_in(viewer),
        flags=flags,
        references=references,
    )
    if filter_context is not None and batch.viewer is not None:
        batch.filtered = filter_results(batch.viewer, filter_context, posts)
    # Polls are rare: their models load only for the posts that have one.
    with_poll = [
        post for post in posts if (post.reblog_of_id or post.id) in references.poll_post_ids
    ]
    batch.polls = poll_views(viewer, with_poll)
    return [_status(post, batch) for post in posts]


def status_json(post: Post, viewer: Viewer, request: HttpRequest) -> dict[str, Any]:
    return statuses_json([post], viewer, request)[0]


def _post_url(post: Post, request: HttpRequest) -> str:
    return absolute(request, "web:post_detail", username=post.author.username, post_id=post.id)


def _status(post: Post, batch: _Batch) -> dict[str, Any]:
    flags = batch.flags.get(post.id, PostFlags())
    if post.reblog_of is not None:
        data = _plain_status(post, batch, flags)
        data["reblog"] = _plain_status(post.reblog_of, batch, flags)
        data["url"] = None
        data["uri"] = f"{data['reblog']['url']}#boost-{post.id}"
        return data
    return _plain_status(post, batch, flags)


def _plain_status(post: Post, batch: _Batch, flags: PostFlags) -> dict[str, Any]:
    data = dict(_shared_part(post, batch))
    data["account"] = batch.account(post.author)
    if post.id in batch.polls:
        data["poll"] = poll_json(batch.polls[post.id])
    if batch.viewer is not None:
        data |= {
            "favourited": flags.is_liked,
            "reblogged": flags.is_boosted,
            "muted": False,
            "bookmarked": flags.is_bookmarked,
        }
        if post.author_id == batch.viewer.id:
            data["pinned"] = flags.is_pinned
    if batch.filtered is not None:
        data["filtered"] = filter_results_json(batch.filtered.get(post.id, []))
    return data


# The part of a status every viewer sees alike, for the posts shown most (a post read in
# a thousand homes is rendered once). Keyed by every input of the rendering.
_SHARED_PARTS: Memo[dict[str, Any]] = Memo(size=2048)


def _shared_part(post: Post, batch: _Batch) -> dict[str, Any]:
    """The status without its viewer's flags, with ``account`` and ``poll`` left to fill
    (their places kept, so the entity's keys keep their order)."""
    request = batch.request
    attachments = post.shown_media()
    is_public = post.visibility in PUBLIC_FILE_VISIBILITIES
    mentions = batch.references.mentions.get(post.id, [])
    tags = batch.references.tags.get(post.id, [])

    def render() -> dict[str, Any]:
        url = _post_url(post, request)
        return {
            "id": str(post.id),
            "uri": url,
            "url": url,
            "created_at": iso(post.created_at),
            "edited_at": iso_or_none(post.edited_at),
            "account": None,
            "content": post.content_html,
            "visibility": VISIBILITY_OUT.get(post.visibility, "public"),
            "sensitive": post.is_sensitive,
            "spoiler_text": post.spoiler_text,
            "media_attachments": [
                media_json(media, request, is_public=is_public) for media in attachments
            ],
            "application": None,
            "mentions": [
                _mention(account_id, username, request) for account_id, username in mentions
            ],
            "tags": [
                {"name": name, "url": absolute(request, "web:hashtag", tag=name)} for name in tags
            ],
            "emojis": [],
            "reblogs_count": post.boosts_count,
            "favourites_count": post.likes_count,
            "replies_count": post.replies_count,
            "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
            "in_reply_to_account_id": (
                str(post.in_reply_to_account_id) if post.in_reply_to_account_id else None
            ),
            "reblog": None,
            "poll": None,
            "card": None,
            "language": post.language or None,
        }

    if attachments and not is_public:
        return render()  # signed image URLs change with the hour: not kept
    rows = (row_values(post), *(row_values(media) for media in attachments))
    if None in rows:
        return render()
    key = (batch.rendering, rows, post.author.username, tuple(mentions), tuple(tags))
    return _SHARED_PARTS.get(key, render)


def _mention(account_id: int, username: str, request: HttpRequest) -> dict[str, str]:
    return {
        "id": str(account_id),
        "username": username,
        "url": absolute(request, "web:profile", username=username),
        "acct": username,
    }


def status_edits_json(
    post: Post, versions: Sequence[PostEdit], request: HttpRequest
) -> list[dict[str, Any]]:
    """StatusEdit entities, oldest first, each with the image descriptions it had."""
    author = account_json(post.author, request)
    attachments = post.shown_media()
    is_public = post.visibility in PUBLIC_FILE_VISIBILITIES
    return [_edit(version, author, attachments, request, is_public) for version in versions]


def _edit(
    version: PostEdit,
    author: dict[str, Any],
    attachments: list[Any],
    request: HttpRequest,
    is_public: bool,
) -> dict[str, Any]:
    described = {
        int(item.get("media_id", 0)): str(item.get("description", ""))
        for item in version.media_descriptions or []
        if isinstance(item, dict)
    }
    return {
        "content": version.content_html,
        "spoiler_text": version.spoiler_text,
        "sensitive": version.is_sensitive,
        "created_at": iso(version.created_at),
        "account": author,
        "media_attachments": [
            media_json(
                media,
                request,
                description=described.get(media.id, media.description),
                is_public=is_public,
            )
            for media in attachments
        ],
        "emojis": [],
        "poll": (
            None
            if version.poll_options is None
            else {"options": [{"title": str(title)} for title in version.poll_options]}
        ),
    }
