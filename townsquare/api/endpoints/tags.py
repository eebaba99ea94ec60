"""/api/v1/tags/:name/follow and /api/v1/followed_tags: hashtags whose posts reach home."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.api.auth import caller_of, require
from townsquare.api.endpoints.search import tag_json
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.status import SearchTag
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest, paginate
from townsquare.posts.models import Hashtag
from townsquare.posts.selectors import hashtag_by_name
from townsquare.timelines import services
from townsquare.timelines.selectors import followed_tags

router = Router(tags=["tags"])

MAX_TAGS = 200


def _tag(name: str) -> Hashtag:
    # Only tags someone has used can be followed: posts create them, not followers.
    tag = hashtag_by_name(name[:100])
    if tag is None:
        raise NotFound()
    return tag


@router.post("/v1/tags/{name}/follow", response={200: SearchTag})
def follow_tag(request: HttpRequest, name: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    tag = _tag(name)
    services.follow_tag(account=me, hashtag=tag)
    return json_response(tag_json(tag, request, following=True))


@router.post("/v1/tags/{name}/unfollow", response={200: SearchTag})
def unfollow_tag(request: HttpRequest, name: str) -> HttpResponse:
    me = require(caller_of(request), "write:follows")
    tag = _tag(name)
    services.unfollow_tag(account=me, hashtag=tag)
    return json_response(tag_json(tag, request, following=False))


@router.get("/v1/followed_tags", response={200: list[SearchTag]})
def get_followed_tags(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:follows")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_TAGS, default_limit=100)
    page = paginate(followed_tags(me), page_request, key="edge_id")
    return paged_response(
        request, page, [tag_json(tag, request, following=True) for tag in page.items]
    )
