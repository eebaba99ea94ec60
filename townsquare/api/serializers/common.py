"""What every entity needs: absolute URLs, Mastodon's datetime format, visibility names."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# Our visibility names and Mastodon's: followers-only is "private" there.
VISIBILITY_OUT = {
    "public": "public",
    "unlisted": "unlisted",
    "followers": "private",
    "direct": "direct",
}
VISIBILITY_IN = {
    "public": "public",
    "unlisted": "unlisted",
    "private": "followers",
    "followers": "followers",
    "direct": "direct",
}


def iso(moment: datetime) -> str:
    """``2024-01-02T03:04:05.678Z``: UTC with milliseconds, as Mastodon writes datetimes."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def midnight(day: date) -> str:
    """A date as the datetime of its midnight in UTC (Account.created_at)."""
    return f"{day:%Y-%m-%d}T00:00:00.000Z"


def base_url(request: HttpRequest) -> str:
    """``https://host`` the client reached us at."""
    return f"{request.scheme}://{request.get_host()}"


def absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """The absolute URL of the named route."""
    return base_url(request) + reverse(name, kwargs=kwargs)
