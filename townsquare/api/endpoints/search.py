"""/api/v2/search: posts, people and hashtags through the search app, and posts or
profiles by their URL (as clients do to open a post from elsewhere)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.api.auth import optional_viewer
from townsquare.api.endpoints.accounts import flag, search_window
from townsquare.api.http import json_response
from townsquare.api.schemas.status import SearchResults, SearchTag
from townsquare.api.serializers.accounts import account_json, accounts_json
from townsquare.api.serializers.common import absolute
from townsquare.api.serializers.statuses import statuses_json
from townsquare.core.errors import NotFound
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.selectors import hashtag_by_name
from townsquare.search.query import parse
from townsquare.search.resolve import is_address, is_url, resolve_address, resolve_url
from townsquare.search.selectors import search_accounts, search_hashtags, search_posts
from townsquare.timelines.selectors import followed_tag_ids

router = Router(tags=["search"])

TYPES = ("accounts", "hashtags", "statuses")


def tag_json(tag: Hashtag, request: HttpRequest, *, following: bool = False) -> dict[str, Any]:
    """The Tag entity, without usage history (not counted yet)."""
    name = tag.display_name or tag.name
    return {
        "name": name,
        "url": absolute(request, "web:hashtag", tag=name),
        "history": [],
        "following": following,
    }


def _hashtags(
    query: str, request: HttpRequest, viewer: Account | None, offset: int, limit: int
) -> list[dict[str, Any]]:
    name = normalise_hashtag(query.lstrip("#"))[:100]
    if not name:
        return []
    tags = search_hashtags(name, offset=offset, limit=limit)
    followed = followed_tag_ids(viewer, list(tags))
    return [tag_json(tag, request, following=tag.pk in followed) for tag in tags]


@router.get("/v1/tags/{name}", response={200: SearchTag}, auth=None)
def get_tag(request: HttpRequest, name: str) -> HttpResponse:
    viewer = optional_viewer(request, "read")
    tag = hashtag_by_name(name[:100])
    if tag is None:
        raise NotFound()
    return json_response(tag_json(tag, request, following=bool(followed_tag_ids(viewer, [tag]))))


def _account_id(raw: str | None) -> int | None:
    """The ``account_id`` parameter, or None when absent or not an id."""
    try:
        number = int(raw or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


@router.get("/v2/search", response={200: SearchResults}, auth=None)
def search(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read:search")
    query = request.GET.get("q", "").strip()[:200]
    wanted = request.GET.get("type", "")
    types = (wanted,) if wanted in TYPES else TYPES
    offset, limit = search_window(request)
    accounts: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    hashtags: list[dict[str, Any]] = []
    # Links and addresses of this server resolve (with or without ``resolve``: no network).
    found = None
    if is_url(query):
        found = resolve_url(query, host=request.get_host(), viewer=viewer)
    elif is_address(query):
        found = resolve_address(query, host=request.get_host(), viewer=viewer)
    if isinstance(found, Account) and "accounts" in types:
        accounts = [account_json(found, request)]
    elif isinstance(found, Post) and "statuses" in types:
        statuses = statuses_json([found], viewer, request)
    elif query and found is None and not is_url(query):
        following = flag(request, "following")
        if "accounts" in types:
            rows = search_accounts(viewer, query, offset=offset, limit=limit, following=following)
            accounts = accounts_json(rows, request)
        if "statuses" in types:
            posts = search_posts(
                viewer,
                parse(query),
                offset=offset,
                limit=limit,
                following=following,
                account_id=_account_id(request.GET.get("account_id")),
            )
            statuses = statuses_json(posts, viewer, request)
        if "hashtags" in types:
            hashtags = _hashtags(query, request, viewer, offset, limit)
    return json_response({"accounts": accounts, "statuses": statuses, "hashtags": hashtags})
