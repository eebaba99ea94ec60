"""Web pages: a person's profile with its Posts, Posts and replies, and Media tabs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_safe

from townsquare.accounts.models import Account
from townsquare.accounts.models.account import MAX_PROFILE_FIELDS
from townsquare.accounts.selectors import access_account
from townsquare.core.errors import NotFound
from townsquare.core.pagination import Page, PageRequest
from townsquare.posts.models import Hashtag, Post
from townsquare.posts.selectors import featured_tags_of, hashtag_by_name
from townsquare.relationships.selectors import (
    blocked_either_way_ids,
    endorsed_by,
    friends_of,
    relationship,
)
from townsquare.timelines import selectors as timelines
from townsquare.timelines.selectors import ProfileTab
from townsquare.web.views.timelines import feed_response


@dataclass(frozen=True, slots=True)
class Tab:
    key: ProfileTab
    label: str
    url_name: str


TABS = (
    Tab("posts", "Posts", "web:profile"),
    Tab("replies", "Posts and replies", "web:profile_replies"),
    Tab("media", "Media", "web:profile_media"),
)
FEATURED_PEOPLE = 20
_EMPTY_MESSAGES: dict[ProfileTab, str] = {
    "posts": "No posts yet.",
    "replies": "No posts yet.",
    "media": "No posts with images yet.",
}


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    return _profile_page(request, username, tab="posts")


@require_safe
def profile_replies(request: HttpRequest, username: str) -> HttpResponse:
    return _profile_page(request, username, tab="replies")


@require_safe
def profile_media(request: HttpRequest, username: str) -> HttpResponse:
    return _profile_page(request, username, tab="media")


def _profile_page(request: HttpRequest, username: str, *, tab: ProfileTab) -> HttpResponse:
    account = access_account(username)
    relation = relationship(request.user, account)
    if relation.blocking or relation.blocked_by:
        raise NotFound()
    page_request = PageRequest.from_params(request.GET)
    tagged = _tagged(request)
    if tagged is False:
        page: Page[Post] = Page(items=[], next_max_id=None, prev_min_id=None)
    else:
        page = timelines.profile(account, request.user, page_request, tab, tagged=tagged)
    is_first_page = page_request.max_id is None and page_request.min_id is None
    show_pinned = tab == "posts" and is_first_page and tagged is None
    pinned = timelines.pinned(account, request.user) if show_pinned else []
    context: dict[str, Any] = {
        "account": account,
        "relationship": relation,
        "is_self": request.user.pk == account.pk,
        "friends_count": friends_of(account).count(),
        "profile_fields": _profile_fields(account),
        "tab": tab,
        "tabs": [
            (item, reverse(item.url_name, args=[account.username]), item.key == tab)
            for item in TABS
        ],
        "empty_message": _EMPTY_MESSAGES[tab],
        "filter_context": "account",
        "tagged": "" if tagged is None else request.GET["tagged"].strip().lstrip("#")[:100],
        "featured_tags": list(featured_tags_of(account)),
        "featured_people": _featured_people(account, request.user),
    }
    return feed_response(request, "web/profiles/profile.html", page, context, pinned=pinned)


def _tagged(request: HttpRequest) -> Hashtag | Literal[False] | None:
    """The hashtag of ``?tagged=``; None without one, False for one nobody used."""
    name = request.GET.get("tagged", "").strip().lstrip("#")[:100]
    if not name:
        return None
    return hashtag_by_name(name) or False


def _featured_people(account: Account, viewer: Account | AnonymousUser) -> list[Account]:
    """Whom ``account`` features, leaving out anyone blocked either way by the viewer."""
    people = endorsed_by(account)
    if isinstance(viewer, Account):
        people = people.exclude(pk__in=blocked_either_way_ids(viewer.pk))
    return list(people[:FEATURED_PEOPLE])


def _profile_fields(account: Account) -> list[tuple[str, str]]:
    """The name/value pairs to show, skipping anything malformed in the stored JSON."""
    fields = account.fields if isinstance(account.fields, list) else []
    pairs = [
        (str(field.get("name", "")), str(field.get("value", "")))
        for field in fields
        if isinstance(field, dict)
    ]
    return [pair for pair in pairs if pair[0] or pair[1]][:MAX_PROFILE_FIELDS]


urlpatterns: list[URLPattern] = [
    path("@<str:username>", profile, name="profile"),
    path("@<str:username>/replies", profile_replies, name="profile_replies"),
    path("@<str:username>/media", profile_media, name="profile_media"),
]
