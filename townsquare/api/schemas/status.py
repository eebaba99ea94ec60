"""Status and what hangs off it (Tag, Mention, Context, StatusEdit, StatusSource); the bodies
that publish and edit statuses."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity
from townsquare.api.schemas.filter import FilterResult
from townsquare.api.schemas.media import MediaAttachment
from townsquare.api.schemas.poll import Poll, PollIn


class StatusMention(Entity):
    id: str
    username: str
    url: str
    acct: str


class Tag(Entity):
    name: str
    url: str


class BaseStatus(Entity):
    id: str
    uri: str
    url: str | None
    created_at: str
    edited_at: str | None
    account: Account
    content: str
    visibility: str
    sensitive: bool
    spoiler_text: str
    media_attachments: list[MediaAttachment]
    application: dict[str, Any] | None = None
    mentions: list[StatusMention]
    tags: list[Tag]
    emojis: list[dict[str, Any]]
    reblogs_count: int
    favourites_count: int
    replies_count: int
    in_reply_to_id: str | None
    in_reply_to_account_id: str | None
    poll: Poll | None
    card: dict[str, Any] | None
    language: str | None
    text: str | None = None
    favourited: bool | None = None
    reblogged: bool | None = None
    muted: bool | None = None
    bookmarked: bool | None = None
    pinned: bool | None = None
    filtered: list[FilterResult] | None = None


class ReblogStatus(BaseStatus):
    reblog: None


class Status(BaseStatus):
    reblog: ReblogStatus | None


class Context(Entity):
    ancestors: list[Status]
    descendants: list[Status]


class StatusEditPollOption(Entity):
    title: str


class StatusEditPoll(Entity):
    options: list[StatusEditPollOption]


class StatusEdit(Entity):
    content: str
    spoiler_text: str
    sensitive: bool
    created_at: str
    account: Account
    media_attachments: list[MediaAttachment]
    emojis: list[dict[str, Any]]
    poll: StatusEditPoll | None


class StatusSource(Entity):
    id: str
    text: str
    spoiler_text: str


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


class StatusIn(Schema):
    status: str = ""
    media_ids: list[str | int] | None = None
    spoiler_text: str = ""
    sensitive: bool = False
    visibility: str | None = None
    in_reply_to_id: str | int | None = None
    language: str | None = None
    poll: PollIn | None = None
    scheduled_at: str | None = None

    _blanks = field_validator(
        "in_reply_to_id", "visibility", "language", "scheduled_at", mode="before"
    )(_blank_to_none)


class MediaAttributeIn(Schema):
    id: str | int
    description: str | None = None


class StatusEditIn(Schema):
    status: str = ""
    spoiler_text: str = ""
    sensitive: bool = False
    media_ids: list[str | int] | None = None
    media_attributes: list[MediaAttributeIn] | dict[str, MediaAttributeIn] | None = None
    language: str | None = None
    poll: PollIn | None = None


class SearchTag(Tag):
    history: list[dict[str, Any]]
    following: bool


class SearchResults(Entity):
    accounts: list[Account]
    statuses: list[Status]
    hashtags: list[SearchTag]
