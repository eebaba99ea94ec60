"""Explore (trending posts, hashtags and links, and people you may know), the staff switch
that hides a trend, dismissing a suggestion, and "how you are connected" on profiles.

The connection chain is the one slow-ish read here, so the profile asks for it with htmx
after the page has loaded; without JavaScript, the profile's link opens it as a page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST, require_safe

from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden
from townsquare.discovery import services
from townsquare.discovery.selectors.connection import MAX_STEPS, connection
from townsquare.discovery.selectors.suggestions import Suggestion, suggestions_for
from townsquare.discovery.selectors.trends import (
    PERIODS,
    period_of,
    trending_links,
    trending_posts,
    trending_tags,
)
from townsquare.relationships.selectors import access_account_for, relationships_with
from townsquare.web.views.filters import filter_hits
from townsquare.web.views.viewer import flags_by_id, is_htmx, next_url, polls_by_id, signed_in

TABS = (("posts", "Posts"), ("hashtags", "Hashtags"), ("links", "Links"), ("people", "People"))
SHOWN = 20
PEOPLE_SHOWN = 20
# People who follow fewer accounts than this see "People you may know" on their home page.
SUGGEST_BELOW_FOLLOWING = 10
HOME_SUGGESTIONS = 5


def suggestion_context(request: HttpRequest, suggestions: list[Suggestion]) -> dict[str, Any]:
    """What ``_people.html`` needs: the suggestions and the viewer's relationship to each."""
    viewer = signed_in(request)
    relations = relationships_with(viewer, [s.account.pk for s in suggestions])
    return {"suggestions": [(s, relations.get(s.account.pk)) for s in suggestions]}


def home_suggestions(request: HttpRequest) -> dict[str, Any]:
    """The home page's "People you may know" card, for people who follow few others."""
    viewer = signed_in(request)
    if viewer.following_count >= SUGGEST_BELOW_FOLLOWING:
        return {"suggestions": []}
    return suggestion_context(request, suggestions_for(viewer, limit=HOME_SUGGESTIONS))


def _tab_context(request: HttpRequest, tab: str, period: Any) -> dict[str, Any]:
    viewer = request.user
    if tab == "hashtags":
        return {"tags": trending_tags(viewer, period=period, limit=SHOWN)}
    if tab == "links":
        return {"links": trending_links(viewer, period=period, limit=SHOWN)}
    if tab == "people":
        if not isinstance(viewer, Account):
            return {"suggestions": []}
        return suggestion_context(request, suggestions_for(viewer, limit=PEOPLE_SHOWN))
    posts = trending_posts(viewer, period=period, limit=SHOWN)
    return {
        "posts": posts,
        "flags_by_id": flags_by_id(request, posts),
        "polls_by_id": polls_by_id(request, posts),
        "filter_hits": filter_hits(request, "public", posts),
        "empty_message": "Nothing is trending yet.",
    }


@require_safe
def explore(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "posts")
    if tab not in dict(TABS):
        tab = "posts"
    period = period_of(request.GET.get("period"))
    context = {
        "tab": tab,
        "tabs": TABS,
        "period": period,
        "periods": PERIODS,
        "is_staff": getattr(request.user, "is_staff", False),
        **_tab_context(request, tab, period),
    }
    return render(request, "web/discovery/explore.html", context)


@login_required
@require_POST
def hide_trend(request: HttpRequest) -> HttpResponseBase:
    """Staff: keep a hashtag, post or link out of trends (undone in the Django admin)."""
    viewer = signed_in(request)
    if not viewer.is_staff:
        raise Forbidden("Only staff can hide trends")
    services.hide_trend(
        actor=viewer, kind=request.POST.get("kind", ""), value=request.POST.get("value", "")
    )
    return redirect(next_url(request, reverse("web:explore")))


@login_required
@require_POST
def dismiss_suggestion(request: HttpRequest, username: str) -> HttpResponseBase:
    viewer = signed_in(request)
    dismissed = access_account_for(viewer, username)
    if dismissed.pk != viewer.pk:
        services.dismiss_suggestion(account=viewer, dismissed=dismissed)
    if is_htmx(request):
        return HttpResponse("")  # the card's entry is swapped out
    return redirect(next_url(request, reverse("web:explore") + "?tab=people"))


@login_required
@require_safe
def account_connection(request: HttpRequest, username: str) -> HttpResponse:
    viewer = signed_in(request)
    target = access_account_for(viewer, username)
    context = {"account": target, "chain": connection(viewer, target), "max_steps": MAX_STEPS}
    template = (
        "web/discovery/_connection.html" if is_htmx(request) else "web/discovery/connection.html"
    )
    return render(request, template, context)


urlpatterns: list[URLPattern] = [
    path("explore", explore, name="explore"),
    path("explore/hide", hide_trend, name="hide_trend"),
    path("suggestions/<str:username>/dismiss", dismiss_suggestion, name="dismiss_suggestion"),
    path("@<str:username>/connection", account_connection, name="account_connection"),
]
