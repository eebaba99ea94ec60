"""The Announcement entity and its reactions."""

from __future__ import annotations

from typing import Any

from townsquare.api.schemas.entity import Entity


class AnnouncementReaction(Entity):
    name: str
    count: int
    me: bool | None = None
    url: str | None = None
    static_url: str | None = None


class Announcement(Entity):
    id: str
    content: str
    starts_at: str | None
    ends_at: str | None
    published: bool
    all_day: bool
    published_at: str
    updated_at: str
    read: bool | None = None
    mentions: list[dict[str, Any]]
    statuses: list[dict[str, Any]]
    tags: list[dict[str, Any]]
    emojis: list[dict[str, Any]]
    reactions: list[AnnouncementReaction]
