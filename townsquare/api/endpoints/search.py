"""/api/v2/search: posts, people and hashtags through the search app, and posts or
profiles by their URL (as clients do to open a post from elsewhere)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import account_by_username
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
from townsquare.posts.selectors import access_post, hashtag_by_name
from townsquare.relationships.selectors import is_blocked_either_way
from townsquare.search.query import parse
from townsquare.search.selectors import search_accounts, search_hashtags, search_posts
from townsquare.timelines.selectors import followed_tag_ids

router = Router(tags=["search"])

_LOCAL_PATH = re.compile(r"^/@([A-Za-z0-9_]{1,30})(?:/(\d{1,19}))?/?$")
TYPES = ("accounts", "hashtags", "statuses")


def _by_url(
    query: str, request: HttpRequest, viewer: Account | None
) -> tuple[Account | None, Post | None]:
    """The account or post a link to this server names, if the viewer may see it."""
    parts = urlsplit(query)
    if parts.netloc.lower() != request.get_host().lower():
        return None, None
    match = _LOCAL_PATH.match(parts.path)
    if match is None:
        return None, None
    account = account_by_username(match.group(1))
    if account is None or (viewer is not None and is_blocked_either_way(viewer.pk, account.pk)):
        return None, None
    if match.group(2) is None:
        return account, None
    try:
        post = access_post(int(match.group(2)), viewer=viewer)
    except NotFound:
        return None, None
    return None, post if post.author_id == account.pk else None


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
    if query.startswith(("http://", "https://")):
        account, post = _by_url(query, request, viewer)
        if account is not None and "accounts" in types:
            accounts = [account_json(account, request)]
        if post is not None and "statuses" in types:
            statuses = statuses_json([post], viewer, request)
    elif query:
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
