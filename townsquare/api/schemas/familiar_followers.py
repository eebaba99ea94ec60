"""The FamiliarFollowers entity: people the caller follows who follow an account."""

from __future__ import annotations

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity


class FamiliarFollowers(Entity):
    id: str
    accounts: list[Account]
