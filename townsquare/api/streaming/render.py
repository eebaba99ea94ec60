"""What one viewer is shown of a streamed object: the entity JSON, or nothing.

Every message is checked again here, for the connected viewer: the post must pass the
visibility rule (``posts.selectors.access_post``) and its authors must not be someone
the viewer blocks, is blocked by or mutes; a notification must be theirs and pass the
same filters as the notifications list.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api.endpoints.conversations import conversations_json
from townsquare.api.serializers.notifications import notifications_json
from townsquare.api.serializers.statuses import statuses_json
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest
from townsquare.notifications.selectors import notifications_for
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post
from townsquare.relationships.selectors import hidden_account_ids
from townsquare.timelines.selectors import access_conversation, access_list, list_timeline


@dataclass(frozen=True, slots=True)
class Shown:
    """A rendered payload, the posts it shows (a boost and its original), media or not."""

    payload: str
    post_ids: tuple[int, ...] = ()
    has_media: bool = False


def status_for(
    post_id: int,
    viewer: Account | None,
    request: HttpRequest,
    *,
    filter_context: str | None = None,
) -> Shown | None:
    """The Status entity of ``post_id`` as ``viewer`` sees it, or None if they may not.

    With a ``filter_context``, it says which of the viewer's filters match it there.
    """
    post = _visible_post(post_id, viewer)
    if post is None:
        return None
    shown = post.reblog_of or post
    status = statuses_json([post], viewer, request, filter_context=filter_context)[0]
    return Shown(
        payload=_dumps(status),
        post_ids=tuple({post.id, shown.id}),
        has_media=bool(shown.attachments.all()),
    )


def notification_for(
    notification_id: int, viewer: Account | None, request: HttpRequest
) -> Shown | None:
    """The Notification entity, if it is ``viewer``'s and still shown in their list."""
    if viewer is None:
        return None
    page = notifications_for(viewer, PageRequest(max_id=notification_id + 1, limit=1))
    if not page.items or page.items[0].id != notification_id:
        return None
    return Shown(payload=_dumps(notifications_json(page.items, viewer, request)[0]))


def conversation_for(post_id: int, viewer: Account | None, request: HttpRequest) -> Shown | None:
    """The Conversation entity a direct post belongs to, as GET /api/v1/conversations has it."""
    post = _visible_post(post_id, viewer)
    if post is None or viewer is None:
        return None
    try:
        found = access_conversation(post.thread_root_id or post.id, viewer=viewer)
    except NotFound:
        return None
    return Shown(
        payload=_dumps(conversations_json([found], viewer, request)[0]), post_ids=(post_id,)
    )


def list_status_for(
    list_id: int,
    post_id: int,
    viewer: Account | None,
    request: HttpRequest,
    *,
    filter_context: str | None = None,
) -> Shown | None:
    """The Status entity, if the post belongs in ``viewer``'s list as the list reads it."""
    if viewer is None:
        return None
    try:
        feed = access_list(list_id, owner=viewer)
    except NotFound:
        return None
    page = list_timeline(feed, PageRequest(max_id=post_id + 1, limit=1))
    if not page.items or page.items[0].id != post_id:
        return None
    return status_for(post_id, viewer, request, filter_context=filter_context)


def owns_list(list_id: int, viewer: Account | None) -> bool:
    if viewer is None:
        return False
    try:
        access_list(list_id, owner=viewer)
    except NotFound:
        return False
    return True


def _visible_post(post_id: int, viewer: Account | None) -> Post | None:
    try:
        post = access_post(post_id, viewer=viewer)
    except NotFound:
        return None
    if viewer is not None:
        authors = {post.author_id}
        if post.reblog_of is not None:
            authors.add(post.reblog_of.author_id)
        if authors & hidden_account_ids(viewer.pk):
            return None
    return post


def _dumps(data: object) -> str:
    return orjson.dumps(data).decode()
