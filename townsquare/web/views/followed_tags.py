"""Web pages: following a hashtag from its page, and the settings page of followed hashtags.

Posts carrying a followed hashtag join the home feed (``timelines.selectors.home``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST, require_safe

from townsquare.core.errors import NotFound, ValidationFailed
from townsquare.core.pagination import PageRequest, paginate
from townsquare.core.text import normalise_hashtag
from townsquare.posts.models import Hashtag
from townsquare.posts.selectors import hashtag_by_name
from townsquare.timelines import services
from townsquare.timelines.selectors import followed_tags
from townsquare.web.views.timelines import HASHTAG_NAME
from townsquare.web.views.viewer import next_url, signed_in

TAGS_PER_PAGE = 100


def _known_tag(tag: str) -> Hashtag:
    """A hashtag some post has used; only those can be followed, as in the API."""
    tag = tag.removeprefix("#")
    known = hashtag_by_name(normalise_hashtag(tag)) if HASHTAG_NAME.fullmatch(tag) else None
    if known is None:
        raise NotFound("No such hashtag")
    return known


@login_required
@require_POST
def tag_follow(request: HttpRequest, tag: str) -> HttpResponse:
    viewer = signed_in(request)
    known = _known_tag(tag)
    try:
        services.follow_tag(account=viewer, hashtag=known)
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You follow #{known.display_name}.")
    return redirect(next_url(request, reverse("web:hashtag", args=[known.name])))


@login_required
@require_POST
def tag_unfollow(request: HttpRequest, tag: str) -> HttpResponse:
    viewer = signed_in(request)
    known = _known_tag(tag)
    services.unfollow_tag(account=viewer, hashtag=known)
    messages.success(request, f"You no longer follow #{known.display_name}.")
    return redirect(next_url(request, reverse("web:hashtag", args=[known.name])))


@login_required
@require_safe
def followed_tags_page(request: HttpRequest) -> HttpResponse:
    """The hashtags you follow, most recently followed first, each with Unfollow."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET, default_limit=TAGS_PER_PAGE)
    page = paginate(followed_tags(viewer), page_request, key="edge_id")
    has_more = len(page.items) >= page_request.limit and page.next_max_id is not None
    context = {"tags": page.items, "next_max_id": page.next_max_id if has_more else None}
    return render(request, "web/timelines/followed_tags.html", context)


urlpatterns: list[URLPattern] = [
    path("settings/tags", followed_tags_page, name="followed_tags"),
    path("tags/<str:tag>/follow", tag_follow, name="tag_follow"),
    path("tags/<str:tag>/unfollow", tag_unfollow, name="tag_unfollow"),
]
