"""What happened in the social graph, for higher layers (timelines, notifications) to react to.

Published inside the service's transaction and delivered after it commits; each event
carries ids only, so a subscriber loads what it needs (or finds it gone). Approving a
follow request publishes ``Followed``: from then on it is an ordinary follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.core.events import Event


@dataclass(frozen=True, slots=True)
class Followed(Event):
    """``follower_id`` now follows ``followee_id`` (directly, or by an approved request)."""

    follow_id: int
    follower_id: int
    followee_id: int


@dataclass(frozen=True, slots=True)
class FollowRequested(Event):
    """``requester_id`` asked to follow the locked account ``target_id``."""

    request_id: int
    requester_id: int
    target_id: int


@dataclass(frozen=True, slots=True)
class Unfollowed(Event):
    """A follow ended: by unfollowing, or because one of the two blocked the other."""

    follower_id: int
    followee_id: int


@dataclass(frozen=True, slots=True)
class Blocked(Event):
    blocker_id: int
    blocked_id: int


@dataclass(frozen=True, slots=True)
class Muted(Event):
    """A mute started (or an expired one was renewed); expiry is checked at read time."""

    muter_id: int
    muted_id: int


@dataclass(frozen=True, slots=True)
class FollowBoostsChanged(Event):
    """``follower_id`` turned ``followee_id``'s boosts in their home on or off."""

    follower_id: int
    followee_id: int
    show_boosts: bool
