"""The base of every output schema: unknown fields fail validation, so tests catch drift."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class Entity(Schema):
    model_config = ConfigDict(extra="forbid")
