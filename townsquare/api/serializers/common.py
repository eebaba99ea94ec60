"""What every entity needs: absolute URLs, Mastodon's datetime format, visibility names."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from typing import Any

import orjson
from django.db.models import JSONField, Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

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
    """``https://host`` the client reached us at (worked out once per request)."""
    known = getattr(request, _BASE_URL_ATTRIBUTE, None)
    if isinstance(known, str):
        return known
    found = f"{request.scheme}://{request.get_host()}"
    setattr(request, _BASE_URL_ATTRIBUTE, found)
    return found


def rendering_of(request: HttpRequest) -> tuple[str, str]:
    """What every URL rendered for ``request`` starts with: part of a rendering's key
    (worked out once per request: the script prefix lives in a context-local)."""
    known = getattr(request, _RENDERING_ATTRIBUTE, None)
    if isinstance(known, tuple):
        return known
    found = base_url(request), get_script_prefix()
    setattr(request, _RENDERING_ATTRIBUTE, found)
    return found


def row_values(instance: Model) -> Hashable | None:
    """Every column value of ``instance``, hashable: part of the key of a rendering of it.

    None when a column was not loaded (a deferred field): such a row cannot be told
    apart from another, and is rendered without a key.
    """
    plain, as_json = _columns_of(type(instance))
    values = instance.__dict__
    try:
        found = plain(values)
        documents = [values[name] for name in as_json]
    except KeyError:
        return None
    if not documents:
        return found  # type: ignore[no-any-return]
    return found, orjson.dumps(documents, option=orjson.OPT_SORT_KEYS)


@functools.cache
def _columns_of(model: type[Model]) -> tuple[Callable[[dict[str, Any]], Any], tuple[str, ...]]:
    """A getter of the hashable columns of ``model``'s rows, and the names of its JSON ones."""
    fields = model._meta.concrete_fields
    as_json = tuple(field.attname for field in fields if isinstance(field, JSONField))
    plain = [field.attname for field in fields if field.attname not in as_json]
    return operator.itemgetter(*plain, *(() if len(plain) > 1 else ("id",))), as_json


def absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """The absolute URL of the named route."""
    return base_url(request) + route(name, **kwargs)


_BASE_URL_ATTRIBUTE = "_townsquare_base_url"
_RENDERING_ATTRIBUTE = "_townsquare_rendering"
# Values a route template may take as they are: what ``reverse`` would neither quote nor
# refuse for any of our converters. Anything else (non-ASCII tags, ...) goes to ``reverse``.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_]{1,200}")
_INT_SENTINEL = 917_364_528_193_746_000
_TEXT_SENTINEL = "zq{}townsquaresentinelzq"
# (resolver, script prefix, name, kwargs and their kinds) -> the path in pieces, or None
# when the route has no template (then ``reverse`` answers every time).
_route_templates: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[str, ...]] | None] = {}


def route(name: str, **kwargs: Any) -> str:
    """``reverse(name, kwargs=kwargs)``, filled into a template of the route.

    Entities name the same few routes hundreds of times per response, and ``reverse``
    costs tens of microseconds each time; a template is reversed once per route, with
    sentinel values, and values that ``reverse`` would pass through unchanged fill it.
    """
    kinds = tuple(_kind(value) for value in kwargs.values())
    if None in kinds:
        return reverse(name, kwargs=kwargs)
    key = (get_resolver(get_urlconf()), get_script_prefix(), name, tuple(kwargs), kinds)
    if key not in _route_templates:
        _route_templates[key] = _route_template(name, tuple(kwargs), kinds)
    template = _route_templates[key]
    if template is None:
        return reverse(name, kwargs=kwargs)
    pieces, names = template
    parts = [pieces[0]]
    for kwarg, piece in zip(names, pieces[1:], strict=True):
        parts.append(str(kwargs[kwarg]))
        parts.append(piece)
    return "".join(parts)


def _kind(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return "int"
    if isinstance(value, str) and _PLAIN_TEXT.fullmatch(value):
        return "text"
    return None


def _route_template(
    name: str, kwargs: tuple[str, ...], kinds: tuple[str | None, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    sentinels = {
        kwarg: str(_INT_SENTINEL + index) if kind == "int" else _TEXT_SENTINEL.format(index)
        for index, (kwarg, kind) in enumerate(zip(kwargs, kinds, strict=True))
    }
    values: dict[str, Any] = {
        kwarg: int(value) if kind == "int" else value
        for (kwarg, value), kind in zip(sentinels.items(), kinds, strict=True)
    }
    try:
        path = reverse(name, kwargs=values)
    except NoReverseMatch:
        return None
    pieces: list[str] = []
    names: list[str] = []
    rest = path
    while True:
        found = [(rest.find(sentinel), kwarg) for kwarg, sentinel in sentinels.items()]
        found = [(at, kwarg) for at, kwarg in found if at >= 0]
        if not found:
            break
        at, kwarg = min(found)
        pieces.append(rest[:at])
        names.append(kwarg)
        rest = rest[at + len(sentinels[kwarg]) :]
    pieces.append(rest)
    if sorted(names) != sorted(kwargs):
        return None  # a value is used twice, or not at all: keep to reverse
    return tuple(pieces), tuple(names)
