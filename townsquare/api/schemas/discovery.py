"""Trends, suggestions and the connection chain (Townsquare's own) as output schemas."""

from __future__ import annotations

from townsquare.api.schemas.account import Account
from townsquare.api.schemas.entity import Entity


class TrendHistory(Entity):
    day: str
    accounts: str
    uses: str


class TrendTag(Entity):
    name: str
    url: str
    history: list[TrendHistory]
    following: bool


class TrendLink(Entity):
    url: str
    title: str
    description: str
    type: str
    authors: list[dict[str, object]]
    author_name: str
    author_url: str
    provider_name: str
    provider_url: str
    html: str
    width: int
    height: int
    image: str | None
    embed_url: str
    blurhash: str | None
    history: list[TrendHistory]


class Suggestion(Entity):
    source: str
    sources: list[str]
    account: Account


class Connection(Entity):
    """The shortest public chain of follows from the caller (first) to the account (last).

    ``accounts`` is empty when there is no such chain of at most ``max_steps`` follows.
    """

    accounts: list[Account]
    steps: int | None
    max_steps: int
