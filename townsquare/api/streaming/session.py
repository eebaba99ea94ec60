"""One connection's streams: what it watches, and which frames a group message becomes.

Shared by the WebSocket consumer and the server-sent-events views, so both transports
apply the same checks. Edits and deletes arrive for every post on the server
(``CHANGES_GROUP``) with who could have the post (``subscribers``); a session forwards
one on the streams it showed that post on and on those the post could be in (the
``user`` stream of the author, their followers and the mentioned; public, hashtag and
list streams). An edit is rendered for the viewer first, so it reaches only those who
may see the post; a delete carries only the id.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from channels.db import database_sync_to_async
from django.http import HttpRequest

from townsquare.accounts.models import Account
from townsquare.api import scopes as scope_rules
from townsquare.api.streaming import render
from townsquare.api.streaming.groups import (
    CHANGES_GROUP,
    StreamError,
    Subscription,
    subscription_for,
)
from townsquare.relationships.selectors import is_following

# Posts remembered per connection for their later edits and deletes; older ones drop out.
MAX_REMEMBERED_POSTS = 2000
MAX_SUBSCRIPTIONS = 50

type Label = tuple[str, ...]
type Renderer = Callable[[int, Account | None, HttpRequest], render.Shown | None]

_RENDERERS: dict[str, Renderer] = {
    "update": render.status_for,
    "status.update": render.status_for,
    "notification": render.notification_for,
    "conversation": render.conversation_for,
}


# Events whose payload is a Status, which says how the viewer's filters match it.
_STATUS_EVENTS = frozenset({"update", "status.update"})


def _by_filter_context(
    subscriptions: list[Subscription],
) -> dict[str | None, list[Subscription]]:
    grouped: dict[str | None, list[Subscription]] = {}
    for subscription in subscriptions:
        grouped.setdefault(subscription.filter_context, []).append(subscription)
    return grouped


@dataclass(frozen=True, slots=True)
class Frame:
    """One event for the client, on the stream ``label``."""

    label: Label
    event: str
    payload: str

    def as_json(self) -> str:
        """The WebSocket form: the payload stays a JSON string, as Mastodon sends it."""
        return orjson.dumps(
            {"stream": list(self.label), "event": self.event, "payload": self.payload}
        ).decode()

    def as_sse(self) -> str:
        return f"event: {self.event}\ndata: {self.payload}\n\n"


def error_json(error: StreamError) -> str:
    return orjson.dumps({"error": error.message, "status": error.status}).decode()


class StreamSession:
    def __init__(
        self, *, viewer: Account | None, scopes: tuple[str, ...], request: HttpRequest
    ) -> None:
        self.viewer = viewer
        self.scopes = scopes
        self.request = request
        self.subscriptions: dict[Label, Subscription] = {}
        self._shown: OrderedDict[int, set[Label]] = OrderedDict()

    async def subscribe(self, stream: str, *, tag: str = "", list_id: str = "") -> str | None:
        """Watch ``stream``; returns a group to join (None if already joined), or StreamError."""
        viewer_id = self.viewer.pk if self.viewer is not None else None
        wanted = subscription_for(stream, viewer_id=viewer_id, tag=tag, list_id=list_id)
        if self.viewer is not None and not any(
            scope_rules.grants(self.scopes, scope) for scope in wanted.scopes
        ):
            raise StreamError("Access token does not have the required scopes", status=401)
        if wanted.list_id is not None and not await database_sync_to_async(render.owns_list)(
            wanted.list_id, self.viewer
        ):
            raise StreamError("List not found", status=404)
        if wanted.label not in self.subscriptions and len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            raise StreamError(f"A connection can watch at most {MAX_SUBSCRIPTIONS} streams")
        is_new_group = wanted.group not in self.groups()
        self.subscriptions[wanted.label] = wanted
        return wanted.group if is_new_group else None

    def unsubscribe(self, stream: str, *, tag: str = "", list_id: str = "") -> str | None:
        """Stop watching ``stream``; returns the group to leave when nothing else needs it."""
        viewer_id = self.viewer.pk if self.viewer is not None else None
        unwanted = subscription_for(stream, viewer_id=viewer_id, tag=tag, list_id=list_id)
        if self.subscriptions.pop(unwanted.label, None) is None:
            return None
        return None if unwanted.group in self.groups() else unwanted.group

    def groups(self) -> set[str]:
        return {subscription.group for subscription in self.subscriptions.values()}

    async def frames_for(self, message: Mapping[str, Any]) -> list[Frame]:
        """The frames a group message becomes for this viewer: often none."""
        event, object_id = str(message.get("event", "")), int(message.get("id", 0))
        if message.get("group") == CHANGES_GROUP:
            return await self._changed(event, object_id, message)
        targets = [
            subscription
            for subscription in self.subscriptions.values()
            if subscription.group == message.get("group") and event in subscription.events
        ]
        frames: list[Frame] = []
        # Streams of one group share a filter context; rendered once for each context.
        for context, streams in _by_filter_context(targets).items():
            shown = await self._render(event, object_id, message.get("list_id"), context)
            if shown is None:
                continue
            sent = [
                Frame(subscription.label, event, shown.payload)
                for subscription in streams
                if shown.has_media or not subscription.is_media_only
            ]
            for post_id in shown.post_ids:
                self._remember(post_id, {frame.label for frame in sent})
            frames += sent
        return frames

    async def _changed(self, event: str, post_id: int, audience: Mapping[str, Any]) -> list[Frame]:
        labels = set(self._shown.get(post_id, ())) | await self._could_have(audience)
        targets = sorted(
            label
            for label in labels
            if label in self.subscriptions and event in self.subscriptions[label].events
        )
        if not targets:
            return []
        if event == "delete":
            self._shown.pop(post_id, None)
            return [Frame(label, event, str(post_id)) for label in targets]
        contexts = _by_filter_context([self.subscriptions[label] for label in targets])
        frames: list[Frame] = []
        for context, streams in contexts.items():
            shown = await self._render(event, post_id, filter_context=context)
            if shown is not None:
                frames += [Frame(stream.label, event, shown.payload) for stream in streams]
        return sorted(frames, key=lambda frame: frame.label)

    async def _could_have(self, audience: Mapping[str, Any]) -> set[Label]:
        """The streams of this connection an edited or deleted post could be on."""
        groups = set(audience.get("groups") or ())
        has_media = bool(audience.get("has_media"))
        lists = set(audience.get("lists") or ())
        labels: set[Label] = set()
        for label, subscription in self.subscriptions.items():
            if subscription.list_id is not None:
                is_there = subscription.list_id in lists
            elif subscription.group in groups:  # public, local and hashtag streams
                is_there = has_media or not subscription.is_media_only
            else:
                is_there = label == ("user",) and await self._has_at_home(audience)
            if is_there:
                labels.add(label)
        return labels

    async def _has_at_home(self, audience: Mapping[str, Any]) -> bool:
        """Whether the post could be in the viewer's home: theirs, followed or mentioning them."""
        if self.viewer is None:
            return False
        author_id = int(audience.get("author_id", 0))
        if self.viewer.pk == author_id or self.viewer.pk in (audience.get("mentioned") or ()):
            return True
        following: bool = await database_sync_to_async(is_following)(self.viewer.pk, author_id)
        return following

    async def _render(
        self, event: str, object_id: int, list_id: object = None, filter_context: str | None = None
    ) -> render.Shown | None:
        renderer = _RENDERERS.get(event)
        if isinstance(list_id, int):
            renderer = functools.partial(
                render.list_status_for, list_id, filter_context=filter_context
            )
        elif event in _STATUS_EVENTS:
            renderer = functools.partial(render.status_for, filter_context=filter_context)
        if renderer is None:
            return None
        shown: render.Shown | None = await database_sync_to_async(renderer)(
            object_id, self.viewer, self.request
        )
        return shown

    def _remember(self, post_id: int, labels: set[Label]) -> None:
        if not labels:
            return
        self._shown.setdefault(post_id, set()).update(labels)
        self._shown.move_to_end(post_id)
        while len(self._shown) > MAX_REMEMBERED_POSTS:
            self._shown.popitem(last=False)
