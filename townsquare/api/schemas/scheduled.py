"""ScheduledStatus and FeaturedTag entities, and the bodies that change them."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from townsquare.api.schemas.entity import Entity
from townsquare.api.schemas.media import MediaAttachment


class ScheduledStatusParams(Entity):
    text: str
    poll: dict[str, Any] | None
    media_ids: list[str] | None
    sensitive: bool | None
    spoiler_text: str | None
    visibility: str
    in_reply_to_id: str | None
    language: str | None
    application_id: int | None
    scheduled_at: None
    idempotency: str | None
    with_rate_limit: bool


class ScheduledStatus(Entity):
    id: str
    scheduled_at: str
    params: ScheduledStatusParams
    media_attachments: list[MediaAttachment]


class ScheduledStatusIn(Schema):
    scheduled_at: str | None = None


class FeaturedTag(Entity):
    id: str
    name: str
    url: str
    statuses_count: int
    last_status_at: str | None


class FeaturedTagIn(Schema):
    name: str = ""
