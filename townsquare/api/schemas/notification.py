"""The Notification entity."""

from __future__ import annotations

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity
from townsquare.api.schemas.status import Status


class Notification(Entity):
    id: str
    type: str
    group_key: str
    created_at: str
    account: Account
    status: Status | None = None


class UnreadCount(Entity):
    count: int
