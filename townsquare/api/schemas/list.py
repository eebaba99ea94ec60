"""The List and Conversation entities, and the bodies that change lists."""

from __future__ import annotations

from ninja import Schema
from pydantic import field_validator

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity
from townsquare.api.schemas.status import Status


class UserList(Entity):
    id: str
    title: str
    replies_policy: str
    exclusive: bool


class Conversation(Entity):
    id: str
    unread: bool
    accounts: list[Account]
    last_status: Status | None


class ListIn(Schema):
    title: str | None = None
    replies_policy: str | None = None
    exclusive: bool | None = None


class ListAccountsIn(Schema):
    account_ids: list[str | int] = []

    @field_validator("account_ids", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        # A form body without "[]" names the key once per value; Django keeps the last.
        return [value] if isinstance(value, str | int) else value
