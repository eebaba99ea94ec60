"""/api/v1/timelines (home, public, tag), bookmarks and favourites: pages of statuses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.api.auth import caller_of, optional_viewer, require
from townsquare.api.endpoints.accounts import flag
from townsquare.api.http import paged_response
from townsquare.api.schemas.status import Status
from townsquare.api.serializers.statuses import statuses_json
from townsquare.core.pagination import Page, PageRequest, page_of
from townsquare.posts.models import Post
from townsquare.timelines import selectors as feeds

router = Router(tags=["timelines"])

MAX_STATUSES = 40


def _page(request: HttpRequest) -> PageRequest:
    return PageRequest.from_params(request.GET, max_limit=MAX_STATUSES)


def _answer(
    request: HttpRequest,
    page: Page[Post],
    viewer: Account | None,
    filter_context: str | None = None,
) -> HttpResponse:
    statuses = statuses_json(page.items, viewer, request, filter_context=filter_context)
    return paged_response(request, page, statuses)


@router.get("/v1/timelines/home", response={200: list[Status]})
def home(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    return _answer(request, feeds.home(me, _page(request)), me, "home")


@router.get("/v1/timelines/public", response={200: list[Status]}, auth=None)
def public(request: HttpRequest) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    # Every account is local until federation arrives, so "remote only" is empty.
    if flag(request, "remote"):
        return _answer(request, page_of([]), viewer)
    page = feeds.local(viewer, _page(request))
    if flag(request, "only_media"):
        # Filtered after paging, so a page may be short; the Link header still moves on.
        with_media = [post for post in page.items if post.attachments.all()]
        page = Page(items=with_media, next_max_id=page.next_max_id, prev_min_id=page.prev_min_id)
    return _answer(request, page, viewer, "public")


@router.get("/v1/timelines/tag/{hashtag}", response={200: list[Status]}, auth=None)
def tag(request: HttpRequest, hashtag: str) -> HttpResponse:
    viewer = optional_viewer(request, "read:statuses")
    page = feeds.hashtag(hashtag[:100], viewer, _page(request))
    return _answer(request, page, viewer, "public")


@router.get("/v1/bookmarks", response={200: list[Status]})
def bookmarks(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:bookmarks")
    return _answer(request, feeds.bookmarks(me, _page(request)), me)


@router.get("/v1/favourites", response={200: list[Status]})
def favourites(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:favourites")
    return _answer(request, feeds.likes(me, _page(request)), me)
