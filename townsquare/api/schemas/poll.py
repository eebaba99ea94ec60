"""The Poll entity and the bodies that create a poll and vote in one."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from townsquare.api.schemas.entity import Entity


class PollOption(Entity):
    title: str
    votes_count: int | None


class Poll(Entity):
    id: str
    expires_at: str | None
    expired: bool
    multiple: bool
    votes_count: int
    voters_count: int | None
    options: list[PollOption]
    emojis: list[dict[str, Any]]
    voted: bool | None = None
    own_votes: list[int] | None = None


class PollIn(Schema):
    """``poll[options][]=a&poll[expires_in]=300`` in a form, or ``{"poll": {...}}`` in JSON."""

    options: list[str] = []
    expires_in: int = 86_400
    multiple: bool = False
    hide_totals: bool = False


class VoteIn(Schema):
    choices: list[int] = []
