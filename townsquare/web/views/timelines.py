"""Web pages: the home, local, hashtag, bookmarks and likes feeds.

Every feed pages with a "Load more" link: without JavaScript it is a plain link to the
next page; with htmx it fetches only the next page's posts (``_page.html``) and puts them
where the link was. The profile pages reuse ``feed_response`` for the same behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.core.pagination import Page, PageRequest
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import Post
from townsquare.posts.selectors import hashtag_by_name
from townsquare.timelines import selectors as timelines
from townsquare.web.forms.posts import ComposeForm
from townsquare.web.views.discovery import home_suggestions
from townsquare.web.views.filters import filter_hits
from townsquare.web.views.viewer import flags_by_id, polls_by_id, signed_in

PAGE_TEMPLATE = "web/timelines/_page.html"
_PAGING_PARAMS = ("max_id", "min_id", "since_id")
# What core.text links as a hashtag; anything else (NUL, punctuation) names no tag.
HASHTAG_NAME = re.compile(r"\w{1,100}")


def is_htmx_fragment_request(request: HttpRequest) -> bool:
    """htmx asking for a piece of a page (not restoring a whole page from its history)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def next_page_url(request: HttpRequest, page: Page[Any], *, limit: int | None = None) -> str | None:
    """The query string of the page after ``page``, keeping the other parameters (limit).

    Given the ``limit`` asked for, a shorter page is known to be the last one; without it
    the link shows until a page comes back empty.
    """
    if not page.items or page.next_max_id is None:
        return None
    if limit is not None and len(page.items) < limit:
        return None
    params = request.GET.copy()
    for name in _PAGING_PARAMS:
        params.pop(name, None)
    params["max_id"] = str(page.next_max_id)
    return f"?{params.urlencode()}"


def feed_context(
    request: HttpRequest,
    page: Page[Post],
    *,
    pinned: Sequence[Post] = (),
    filter_context: str | None = None,
) -> dict[str, Any]:
    """What ``_page.html`` needs: the posts, the viewer's flags on them, the next page's link."""
    # Feeds fill every page up to the limit asked for while posts remain.
    limit = PageRequest.from_params(request.GET).limit
    return {
        "posts": page.items,
        "pinned_posts": pinned,
        "flags_by_id": flags_by_id(request, [*pinned, *page.items]),
        "polls_by_id": polls_by_id(request, [*pinned, *page.items]),
        "filter_hits": filter_hits(request, filter_context, page.items),
        "next_url": next_page_url(request, page, limit=limit),
        "is_continuation": any(name in request.GET for name in _PAGING_PARAMS),
    }


def feed_response(
    request: HttpRequest,
    template: str,
    page: Page[Post],
    context: dict[str, Any],
    *,
    pinned: Sequence[Post] = (),
) -> HttpResponse:
    """The whole page, or only the posts and the next link when htmx loads more."""
    # The page's "filter_context" (home, public, account) picks the filters that apply.
    found = feed_context(request, page, pinned=pinned, filter_context=context.get("filter_context"))
    context = {**context, **found}
    if is_htmx_fragment_request(request):
        response = render(request, PAGE_TEMPLATE, context)
    else:
        response = render(request, template, context)
    # The same URL answers with a fragment or a page, so caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    """The signed-in person's home feed; visitors see the local feed instead."""
    if not isinstance(request.user, Account):
        return redirect("web:local")
    page = timelines.home(request.user, PageRequest.from_params(request.GET))
    context = {
        "title": "Home",
        "empty_message": "Your home feed is empty: follow people to see their posts here.",
        "filter_context": "home",
        **home_suggestions(request),
        "compose_form": ComposeForm(),
    }
    return feed_response(request, "web/timelines/home.html", page, context)


@require_safe
def local(request: HttpRequest) -> HttpResponse:
    page = timelines.local(request.user, PageRequest.from_params(request.GET))
    context = {
        "title": "Local",
        "description": "Public posts from everyone on this server.",
        "empty_message": "Nobody has posted in public yet.",
        "filter_context": "public",
    }
    return feed_response(request, "web/timelines/feed.html", page, context)


@require_safe
def hashtag(request: HttpRequest, tag: str) -> HttpResponse:
    tag = tag.removeprefix("#")
    if not HASHTAG_NAME.fullmatch(tag):
        raise NotFound("No such hashtag")  # no post can carry it, and it never reaches SQL
    name = normalise_hashtag(tag)
    known = hashtag_by_name(name)
    page = timelines.hashtag(name, request.user, PageRequest.from_params(request.GET))
    context = {
        "title": f"#{known.display_name if known else tag}",
        "description": "Public posts with this hashtag.",
        "empty_message": "No public posts with this hashtag yet.",
        "filter_context": "public",
        "hashtag": known,
        "is_followed_tag": bool(
            known and timelines.followed_tag_ids(_account_or_none(request), [known])
        ),
    }
    return feed_response(request, "web/timelines/hashtag.html", page, context)


def _account_or_none(request: HttpRequest) -> Account | None:
    return request.user if isinstance(request.user, Account) else None


@login_required
@require_safe
def bookmarks(request: HttpRequest) -> HttpResponse:
    page = timelines.bookmarks(signed_in(request), PageRequest.from_params(request.GET))
    context = {
        "title": "Bookmarks",
        "description": "Posts you bookmarked; only you can see this list.",
        "empty_message": "You haven't bookmarked any posts yet.",
    }
    return feed_response(request, "web/timelines/feed.html", page, context)


@login_required
@require_safe
def likes(request: HttpRequest) -> HttpResponse:
    page = timelines.likes(signed_in(request), PageRequest.from_params(request.GET))
    context = {
        "title": "Likes",
        "description": "Posts you liked, most recent like first.",
        "empty_message": "You haven't liked any posts yet.",
    }
    return feed_response(request, "web/timelines/feed.html", page, context)


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("local", local, name="local"),
    path("tags/<str:tag>", hashtag, name="hashtag"),
    path("bookmarks", bookmarks, name="bookmarks"),
    path("likes", likes, name="likes"),
]
