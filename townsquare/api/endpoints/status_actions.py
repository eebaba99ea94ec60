"""What people do to a status: favourite, boost, bookmark, pin, and who favourited or boosted it."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account as AccountModel
from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.account import Account
from townsquare.api.schemas.status import Status as StatusSchema
from townsquare.api.selectors import object_id
from townsquare.api.serializers.accounts import accounts_json
from townsquare.api.serializers.statuses import status_json
from townsquare.core.pagination import PageRequest, paginate
from townsquare.posts import services
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post, boosted_by, liked_by

router = Router(tags=["statuses"])

MAX_ACCOUNTS = 80
type Action = Callable[..., object]


def _act(request: HttpRequest, status_id: str, scope: str, action: Action) -> HttpResponse:
    """Do ``action`` to a visible status and answer with the status as it is now."""
    me = require(caller_of(request), scope)
    post = access_post(object_id(status_id), viewer=me)
    action(account=me, post=post)
    return json_response(status_json(access_post(post.id, viewer=me), me, request))


@router.post("/v1/statuses/{status_id}/favourite", response={200: StatusSchema})
def favourite(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:favourites", services.like)


@router.post("/v1/statuses/{status_id}/unfavourite", response={200: StatusSchema})
def unfavourite(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:favourites", services.unlike)


@router.post("/v1/statuses/{status_id}/bookmark", response={200: StatusSchema})
def bookmark(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:bookmarks", services.bookmark)


@router.post("/v1/statuses/{status_id}/unbookmark", response={200: StatusSchema})
def unbookmark(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:bookmarks", services.unbookmark)


@router.post("/v1/statuses/{status_id}/pin", response={200: StatusSchema})
def pin(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:accounts", services.pin)


@router.post("/v1/statuses/{status_id}/unpin", response={200: StatusSchema})
def unpin(request: HttpRequest, status_id: str) -> HttpResponse:
    return _act(request, status_id, "write:accounts", services.unpin)


@router.post("/v1/statuses/{status_id}/reblog", response={200: StatusSchema})
def reblog(request: HttpRequest, status_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    post = access_post(object_id(status_id), viewer=me)
    boost = services.boost(account=me, post=post)
    return json_response(status_json(access_post(boost.id, viewer=me), me, request))


@router.post("/v1/statuses/{status_id}/unreblog", response={200: StatusSchema})
def unreblog(request: HttpRequest, status_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:statuses")
    post = access_post(object_id(status_id), viewer=me)
    original = post.reblog_of or post
    services.unboost(account=me, post=original)
    return json_response(status_json(access_post(original.id, viewer=me), me, request))


def _people(
    request: HttpRequest, status_id: str, people: Callable[..., QuerySet[AccountModel]], edge: str
) -> HttpResponse:
    viewer = optional_viewer(request, "read:accounts")
    post: Post = access_post(object_id(status_id), viewer=viewer)
    # The like (or boost) id orders the list and pages it, newest first.
    accounts = people(post, viewer).annotate(edge_id=F(edge))
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_ACCOUNTS, default_limit=40)
    page = paginate(accounts, page_request, key="edge_id")
    return paged_response(request, page, accounts_json(page.items, request))


@router.get("/v1/statuses/{status_id}/favourited_by", response={200: list[Account]}, auth=None)
def favourited_by(request: HttpRequest, status_id: str) -> HttpResponse:
    return _people(request, status_id, liked_by, "likes__id")


@router.get("/v1/statuses/{status_id}/reblogged_by", response={200: list[Account]}, auth=None)
def reblogged_by(request: HttpRequest, status_id: str) -> HttpResponse:
    return _people(request, status_id, boosted_by, "posts__id")
