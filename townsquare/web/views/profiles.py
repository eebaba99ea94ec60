"""Web pages: a person's profile with its Posts, Posts and replies, and Media tabs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_safe

from townsquare.accounts.models import Account
from townsquare.accounts.models.account import MAX_PROFILE_FIELDS
from townsquare.accounts.selectors import access_account
from townsquare.core.errors import NotFound
from townsquare.core.pagination import PageRequest
from townsquare.relationships.selectors import friends_of, relationship
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
    page = timelines.profile(account, request.user, page_request, tab)
    is_first_page = page_request.max_id is None and page_request.min_id is None
    pinned = timelines.pinned(account, request.user) if tab == "posts" and is_first_page else []
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
    }
    return feed_response(request, "web/profiles/profile.html", page, context, pinned=pinned)


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
