"""Account, CredentialAccount and Token entities; the bodies that change or create accounts."""

from __future__ import annotations

import pydantic
from ninja import Schema
from ninja.files import UploadedFile

from townsquare.api.schemas.entity import Entity


class Field(Entity):
    name: str
    value: str
    verified_at: str | None


class Account(Entity):
    id: str
    username: str
    acct: str
    url: str
    display_name: str
    note: str
    avatar: str
    avatar_static: str
    header: str
    header_static: str
    locked: bool
    fields: list[Field]
    emojis: list[dict[str, object]]
    bot: bool
    group: bool
    discoverable: bool | None
    noindex: bool | None = None
    created_at: str
    last_status_at: str | None
    statuses_count: int
    followers_count: int
    following_count: int


class MutedAccount(Account):
    mute_expires_at: str | None


class Source(Entity):
    privacy: str
    sensitive: bool
    language: str
    note: str
    fields: list[Field]
    follow_requests_count: int


class CredentialAccount(Account):
    source: Source


class Token(Entity):
    access_token: str
    token_type: str
    scope: str
    created_at: int


class FieldIn(Schema):
    name: str = ""
    value: str = ""


class UpdateCredentialsIn(Schema):
    display_name: str | None = None
    note: str | None = None
    locked: bool | None = None
    bot: bool | None = None
    discoverable: bool | None = None
    # Forms send fields_attributes[0][name]=...; JSON clients send a list or the same dict.
    fields_attributes: dict[str, FieldIn] | list[FieldIn] | None = None
    avatar: UploadedFile | None = None
    header: UploadedFile | None = None


class RegistrationIn(Schema):
    username: str
    email: str
    password: str
    agreement: bool = False
    locale: str = "en"
    reason: str = ""


class MuteIn(Schema):
    notifications: bool = True
    # Seconds, 0 for ever. Bounded so the end stays a date (a larger one was a 500).
    duration: int = pydantic.Field(0, ge=0, le=2_147_483_647)
