"""The Application entity and the POST /api/v1/apps body."""

from __future__ import annotations

from ninja import Schema
from pydantic import field_validator


class AppIn(Schema):
    client_name: str
    redirect_uris: str | list[str]
    scopes: str = "read"
    website: str | None = None

    @field_validator("website", mode="before")
    @classmethod
    def _blank_website(cls, value: object) -> object:
        return value or None


class Application(Schema):
    id: str
    name: str
    website: str | None
    scopes: list[str]
    redirect_uri: str
    redirect_uris: list[str]
    vapid_key: str


class CredentialApplication(Application):
    client_id: str
    client_secret: str
    client_secret_expires_at: int
