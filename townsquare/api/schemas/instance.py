"""Instance (v2), V1_Instance, Preferences and the other server-level entities."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict, Field

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity


class AccountLimits(Entity):
    max_featured_tags: int
    max_pinned_statuses: int


class StatusLimits(Entity):
    max_characters: int
    max_media_attachments: int
    characters_reserved_per_url: int


class MediaLimits(Entity):
    supported_mime_types: list[str]
    image_size_limit: int
    image_matrix_limit: int
    video_size_limit: int
    video_frame_rate_limit: int
    video_matrix_limit: int


class PollLimits(Entity):
    max_options: int
    max_characters_per_option: int
    min_expiration: int
    max_expiration: int


class V1Configuration(Entity):
    accounts: AccountLimits
    statuses: StatusLimits
    media_attachments: MediaLimits
    polls: PollLimits


class Urls(Entity):
    streaming: str


class Vapid(Entity):
    public_key: str


class Translation(Entity):
    enabled: bool


class Configuration(V1Configuration):
    urls: Urls
    vapid: Vapid
    translation: Translation


class Users(Entity):
    active_month: int


class Usage(Entity):
    users: Users


class Thumbnail(Entity):
    url: str


class Registrations(Entity):
    enabled: bool
    approval_required: bool
    message: str | None
    url: str | None


class Contact(Entity):
    email: str
    account: Account | None


class Rule(Entity):
    id: str
    text: str
    hint: str


class ApiVersions(Entity):
    mastodon: int


class Instance(Entity):
    domain: str
    title: str
    version: str
    source_url: str
    description: str
    usage: Usage
    thumbnail: Thumbnail
    icon: list[dict[str, str]]
    languages: list[str]
    configuration: Configuration
    registrations: Registrations
    api_versions: ApiVersions
    contact: Contact
    rules: list[Rule]


class V1Urls(Entity):
    streaming_api: str


class Stats(Entity):
    user_count: int
    status_count: int
    domain_count: int


class V1Instance(Entity):
    uri: str
    title: str
    short_description: str
    description: str
    email: str
    version: str
    urls: V1Urls
    stats: Stats
    thumbnail: str | None
    languages: list[str]
    registrations: bool
    approval_required: bool
    invites_enabled: bool
    configuration: V1Configuration
    contact_account: Account | None
    rules: list[Rule]


class Preferences(Entity):
    """Keys with colons, as Mastodon names them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    default_visibility: str = Field(alias="posting:default:visibility")
    default_sensitive: bool = Field(alias="posting:default:sensitive")
    default_language: str | None = Field(alias="posting:default:language")
    expand_media: str = Field(alias="reading:expand:media")
    expand_spoilers: bool = Field(alias="reading:expand:spoilers")


class Marker(Entity):
    last_read_id: str
    version: int
    updated_at: str


class MarkerPositionIn(Schema):
    last_read_id: str | int


class MarkersIn(Schema):
    home: MarkerPositionIn | None = None
    notifications: MarkerPositionIn | None = None


class WeeklyActivity(Entity):
    """One week of GET /api/v1/instance/activity; numbers as strings, as Mastodon sends them."""

    week: str  # Unix time of the week's start
    statuses: str
    logins: str
    registrations: str
