"""The streams a client can watch, and the channel-layer groups that carry them.

Group names follow ``timeline.<kind>[.<key>]``. Channel layers accept only ASCII
letters, digits, hyphens, underscores and periods, so a hashtag with other characters
is named by a digest of its normalised form.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from townsquare.core.text import normalise_hashtag

PUBLIC_GROUP = "timeline.public"
LOCAL_GROUP = "timeline.public.local"
# Nothing is sent here until federation arrives: remote streams stay quiet, not refused.
REMOTE_GROUP = "timeline.public.remote"
# Edits and deletes go to every connection; each forwards only what it already showed.
CHANGES_GROUP = "timeline.changes"

POST_EVENTS = frozenset({"update", "delete", "status.update"})
USER_EVENTS = POST_EVENTS | {"notification"}
MAX_TAG_CHARS = 100
MAX_ID_DIGITS = 19
_PLAIN_TAG = re.compile(r"[a-z0-9_]{1,60}")

_PUBLIC_GROUPS = {
    "public": PUBLIC_GROUP,
    "public:media": PUBLIC_GROUP,
    "public:local": LOCAL_GROUP,
    "public:local:media": LOCAL_GROUP,
    "public:remote": REMOTE_GROUP,
    "public:remote:media": REMOTE_GROUP,
}


class StreamError(Exception):
    """A stream that can't be watched: sent to the client as ``{"error", "status"}``."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Subscription:
    """One watched stream: the ``stream`` array of its frames, its group, what it carries."""

    label: tuple[str, ...]
    group: str
    events: frozenset[str]
    scopes: tuple[str, ...]  # any one of them lets a token watch it
    list_id: int | None = None
    is_media_only: bool = False
    # The filter context its statuses are matched in, for their ``filtered`` field.
    filter_context: str | None = None


def user_group(account_id: int) -> str:
    return f"timeline.user.{account_id}"


def direct_group(account_id: int) -> str:
    return f"timeline.direct.{account_id}"


def list_group(list_id: int) -> str:
    return f"timeline.list.{list_id}"


def hashtag_group(name: str, *, is_local: bool = False) -> str:
    key = normalise_hashtag(name.strip().lstrip("#"))
    if not _PLAIN_TAG.fullmatch(key):
        key = "h" + hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"timeline.hashtag.local.{key}" if is_local else f"timeline.hashtag.{key}"


def subscription_for(
    stream: str, *, viewer_id: int | None, tag: str = "", list_id: str = ""
) -> Subscription:
    """The subscription a client asks for, or StreamError naming what is wrong."""
    if stream in _PUBLIC_GROUPS:
        return Subscription(
            label=(stream,),
            group=_PUBLIC_GROUPS[stream],
            events=POST_EVENTS,
            scopes=("read:statuses",),
            is_media_only=stream.endswith(":media"),
            filter_context="public",
        )
    if stream in {"hashtag", "hashtag:local"}:
        tag = tag.strip()
        if not tag.lstrip("#"):
            raise StreamError("No tag for stream provided")
        if len(tag) > MAX_TAG_CHARS:
            raise StreamError(f"Tags can be at most {MAX_TAG_CHARS} characters")
        group = hashtag_group(tag, is_local=stream == "hashtag:local")
        return Subscription(
            label=(stream, tag),
            group=group,
            events=POST_EVENTS,
            scopes=("read:statuses",),
            filter_context="public",  # as the REST hashtag timeline
        )
    if stream == "list":
        # Whose list it is, the session checks: that needs the database.
        if not list_id.isdigit() or len(list_id) > MAX_ID_DIGITS:
            raise StreamError("Missing list name parameter" if not list_id else "List not found")
        if viewer_id is None:
            raise StreamError("Missing access token", status=401)
        return Subscription(
            label=("list", list_id),
            group=list_group(int(list_id)),
            events=POST_EVENTS,
            scopes=("read:lists", "read:statuses"),
            list_id=int(list_id),
            filter_context="home",
        )
    return _personal(stream, viewer_id)


def _personal(stream: str, viewer_id: int | None) -> Subscription:
    personal = {"user", "user:notification", "direct"}
    if stream not in personal:
        raise StreamError("Unknown stream type")
    if viewer_id is None:
        raise StreamError("Missing access token", status=401)
    if stream == "direct":
        return Subscription(
            label=("direct",),
            group=direct_group(viewer_id),
            events=frozenset({"conversation"}),
            scopes=("read:statuses",),
        )
    if stream == "user:notification":
        return Subscription(
            label=("user:notification",),
            group=user_group(viewer_id),
            events=frozenset({"notification"}),
            scopes=("read:notifications",),
        )
    return Subscription(
        label=("user",),
        group=user_group(viewer_id),
        events=USER_EVENTS,
        scopes=("read:statuses", "read:notifications"),
        filter_context="home",
    )
