"""Who is asking and where they go next: what every page needs to know of the request."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from townsquare.accounts.models import Account
from townsquare.posts.models import Post
from townsquare.posts.selectors import PollView, PostFlags, poll_views, viewer_flags


def signed_in(request: HttpRequest) -> Account:
    """The signed-in account; views call it behind ``login_required``."""
    user = request.user
    if not isinstance(user, Account):
        raise PermissionDenied
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def next_url(request: HttpRequest, fallback: str) -> str:
    """``next`` from the form or query if it is a path on this site, else ``fallback``.

    Only relative paths are accepted, so a crafted link can't send someone elsewhere.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)
    ):
        return candidate
    return fallback


def flags_by_id(request: HttpRequest, posts: Sequence[Post]) -> dict[int, PostFlags]:
    """The viewer's liked/boosted/bookmarked/pinned flags; anonymous viewers have none."""
    user = request.user
    if not isinstance(user, Account) or not posts:
        return {}
    return viewer_flags(user, posts)


def polls_by_id(request: HttpRequest, posts: Sequence[Post]) -> dict[int, PollView]:
    """The polls of ``posts`` as the viewer sees them, keyed by the post with the poll."""
    return poll_views(request.user if isinstance(request.user, Account) else None, posts)
