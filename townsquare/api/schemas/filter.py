"""The Filter, FilterKeyword, FilterStatus, FilterResult and V1::Filter entities, and the bodies."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator

from townsquare.api.schemas.entity import Entity


class FilterKeyword(Entity):
    id: str
    keyword: str
    whole_word: bool


class FilterStatus(Entity):
    id: str
    status_id: str


class Filter(Entity):
    id: str
    title: str
    context: list[str]
    expires_at: str | None
    filter_action: str
    # Left out where the filter is embedded in a FilterResult, as in Mastodon.
    keywords: list[FilterKeyword] | None = None
    statuses: list[FilterStatus] | None = None


class FilterResult(Entity):
    filter: Filter
    keyword_matches: list[str] | None
    status_matches: list[str] | None


class V1Filter(Entity):
    id: str
    phrase: str
    context: list[str]
    expires_at: str | None
    irreversible: bool
    whole_word: bool


def _one_or_many(value: object) -> object:
    # A form body without "[]" names the key once; Django keeps the last value.
    return [value] if isinstance(value, str) else value


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


class KeywordAttributesIn(Schema):
    id: str | int | None = None
    keyword: str | None = None
    whole_word: bool | None = None
    destroy: bool = False

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> KeywordAttributesIn:
        # "_destroy" is not a valid Python field name.
        return cls.model_validate({**raw, "destroy": raw.get("_destroy", False)})


class FilterIn(Schema):
    title: str | None = None
    context: list[str] | None = None
    filter_action: str | None = None
    expires_in: int | None = None
    keywords_attributes: list[dict[str, Any]] | dict[str, dict[str, Any]] = []

    _context = field_validator("context", mode="before")(_one_or_many)
    _expires = field_validator("expires_in", mode="before")(_blank_to_none)


class FilterKeywordIn(Schema):
    keyword: str | None = None
    whole_word: bool | None = None


class FilterStatusIn(Schema):
    status_id: str | int | None = None


class V1FilterIn(Schema):
    phrase: str | None = None
    context: list[str] | None = None
    irreversible: bool | None = None
    whole_word: bool | None = None
    expires_in: int | None = None

    _context = field_validator("context", mode="before")(_one_or_many)
    _expires = field_validator("expires_in", mode="before")(_blank_to_none)
