"""The MediaAttachment entity and the bodies that upload or describe media."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.files import UploadedFile

from townsquare.api.schemas.entity import Entity


class MediaAttachment(Entity):
    id: str
    type: str
    url: str
    preview_url: str | None
    remote_url: str | None
    meta: dict[str, Any]
    description: str | None
    blurhash: str | None


class MediaIn(Schema):
    file: UploadedFile
    description: str = ""
    focus: str | None = None


class MediaUpdateIn(Schema):
    description: str | None = None
    focus: str | None = None
