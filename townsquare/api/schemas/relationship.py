"""The Relationship entity."""

from __future__ import annotations

from ninja import Schema

from townsquare.api.schemas.entity import Entity


class Relationship(Entity):
    id: str
    following: bool
    showing_reblogs: bool
    notifying: bool
    languages: list[str] | None
    followed_by: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    muting_notifications: bool
    requested: bool
    requested_by: bool
    domain_blocking: bool
    endorsed: bool
    note: str


class FollowIn(Schema):
    """Options of POST /api/v1/accounts/:id/follow; a missing one stays as it is."""

    reblogs: bool | None = None
    notify: bool | None = None
    languages: list[str] | None = None
