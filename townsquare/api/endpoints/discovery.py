"""/api/v1/trends, /api/v2/suggestions and the connection chain between two people.

Trends take Mastodon's ``limit`` and ``offset``, plus Townsquare's ``period`` ("day", the
default, or "week"). ``/api/v1/accounts/:id/connection`` is Townsquare's own: the
shortest public chain of follows from the caller to that account, at most six.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.endpoints.search import tag_json
from townsquare.api.http import json_response
from townsquare.api.schemas.account import Account
from townsquare.api.schemas.discovery import Connection, Suggestion, TrendLink, TrendTag
from townsquare.api.schemas.status import Status
from townsquare.api.selectors import access_account_by_id
from townsquare.api.serializers.accounts import accounts_json
from townsquare.api.serializers.discovery import history_json, suggestion_json, trend_link_json
from townsquare.api.serializers.statuses import statuses_json
from townsquare.discovery import services
from townsquare.discovery.selectors.connection import MAX_STEPS, connection
from townsquare.discovery.selectors.suggestions import MAX_SUGGESTIONS, suggestions_for
from townsquare.discovery.selectors.trends import (
    MAX_TRENDS,
    period_of,
    trending_links,
    trending_posts,
    trending_tags,
)
from townsquare.timelines.selectors import followed_tag_ids

router = Router(tags=["discovery"])


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return default


def _window(request: HttpRequest, *, default: int, maximum: int) -> tuple[int, int]:
    """``offset`` and ``limit``, clamped to what the lists hold."""
    limit = _int(request.GET.get("limit"), default)
    limit = default if limit <= 0 else min(limit, maximum)
    offset = max(0, min(_int(request.GET.get("offset"), 0), MAX_TRENDS))
    return offset, limit


def _offset_paged(
    request: HttpRequest, items: list[dict[str, Any]], offset: int, limit: int
) -> HttpResponse:
    """The items with a Link header to the next and previous pages by offset."""
    response = json_response(items)
    kept = [(key, value) for key, value in request.GET.items() if key != "offset"]
    base = request.build_absolute_uri(request.path)
    links = []
    if len(items) == limit:
        links.append(f'<{base}?{urlencode([*kept, ("offset", offset + limit)])}>; rel="next"')
    if offset > 0:
        previous = max(0, offset - limit)
        links.append(f'<{base}?{urlencode([*kept, ("offset", previous)])}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return response


def _trend_tags(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read")
    offset, limit = _window(request, default=10, maximum=20)
    trends = trending_tags(
        viewer, period=period_of(request.GET.get("period")), offset=offset, limit=limit
    )
    followed = followed_tag_ids(viewer, [trend.hashtag for trend in trends])
    items = [
        {
            **tag_json(trend.hashtag, request, following=trend.hashtag.pk in followed),
            "history": history_json(trend.history),
        }
        for trend in trends
    ]
    return _offset_paged(request, items, offset, limit)


@router.get("/v1/trends/tags", response={200: list[TrendTag]}, auth=None)
def trends_tags(request: HttpRequest) -> HttpResponse:
    return _trend_tags(request)


@router.get("/v1/trends", response={200: list[TrendTag]}, auth=None, deprecated=True)
def trends_legacy(request: HttpRequest) -> HttpResponse:
    """Mastodon's older name for /api/v1/trends/tags."""
    return _trend_tags(request)


@router.get("/v1/trends/statuses", response={200: list[Status]}, auth=None)
def trends_statuses(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read")
    offset, limit = _window(request, default=20, maximum=40)
    posts = trending_posts(
        viewer, period=period_of(request.GET.get("period")), offset=offset, limit=limit
    )
    return _offset_paged(request, statuses_json(posts, viewer, request), offset, limit)


@router.get("/v1/trends/links", response={200: list[TrendLink]}, auth=None)
def trends_links(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read")
    offset, limit = _window(request, default=10, maximum=20)
    links = trending_links(
        viewer, period=period_of(request.GET.get("period")), offset=offset, limit=limit
    )
    return _offset_paged(request, [trend_link_json(link) for link in links], offset, limit)


def _suggestion_limit(request: HttpRequest) -> int:
    limit = _int(request.GET.get("limit"), 40)
    return 40 if limit <= 0 else min(limit, MAX_SUGGESTIONS)


@router.get("/v2/suggestions", response={200: list[Suggestion]})
def suggestions_v2(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read")
    found = suggestions_for(me, limit=_suggestion_limit(request))
    return json_response([suggestion_json(suggestion, request) for suggestion in found])


@router.get("/v1/suggestions", response={200: list[Account]}, deprecated=True)
def suggestions_v1(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read")
    found = suggestions_for(me, limit=_suggestion_limit(request))
    return json_response(accounts_json([suggestion.account for suggestion in found], request))


@router.delete("/v1/suggestions/{account_id}", response={200: dict[str, Any]})
def dismiss_suggestion(request: HttpRequest, account_id: str) -> HttpResponse:
    """Never suggest this account again (Mastodon asks for the ``read`` scope here)."""
    me = require(caller_of(request), "read")
    dismissed = access_account_by_id(account_id, viewer=me)
    if dismissed.pk != me.pk:
        services.dismiss_suggestion(account=me, dismissed=dismissed)
    return json_response({})


@router.get("/v1/accounts/{account_id}/connection", response={200: Connection})
def account_connection(request: HttpRequest, account_id: str) -> HttpResponse:
    """How the caller is connected to the account: the shortest public chain of follows."""
    me = require(caller_of(request), "read:accounts")
    target = access_account_by_id(account_id, viewer=me)
    chain = connection(me, target)
    return json_response(
        {
            "accounts": accounts_json(chain, request),
            "steps": len(chain) - 1 if chain else None,
            "max_steps": MAX_STEPS,
        }
    )
