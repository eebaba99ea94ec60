"""Web pages: the notifications list and marking it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from townsquare.core.pagination import PageRequest
from townsquare.notifications.models import NotificationKind
from townsquare.notifications.selectors import notifications_for, unread_count
from townsquare.notifications.services import mark_all_read
from townsquare.web.views.filters import filter_hits
from townsquare.web.views.timelines import is_htmx_fragment_request, next_page_url
from townsquare.web.views.viewer import signed_in

FILTERS = {"all": None, "mentions": {NotificationKind.MENTION.value, NotificationKind.REPLY.value}}


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    """The list, newest first; what was unread is shown as new once, then marked read."""
    viewer = signed_in(request)
    shown = request.GET.get("filter", "all")
    if shown not in FILTERS:
        shown = "all"
    page_request = PageRequest.from_params(request.GET)
    page = notifications_for(viewer, page_request, kinds=FILTERS[shown])
    items = list(page.items)
    posts = [item.post for item in items if item.post is not None]
    context = {
        "notifications": items,
        "filter_hits": filter_hits(request, "notifications", posts),
        "next_url": next_page_url(request, page, limit=page_request.limit),
        "is_continuation": "max_id" in request.GET,
        "filter": shown,
        # The person is looking at them now: the badge is already out of date.
        "unread_notifications": 0,
    }
    is_fragment = is_htmx_fragment_request(request)
    template = "_page.html" if is_fragment else "list.html"
    response = render(request, f"web/notifications/{template}", context)
    patch_vary_headers(response, ("HX-Request",))
    # Rendered above with their unread marks; only now are they read. A filtered view
    # leaves the others for the full list to show as new.
    has_unread = any(not item.is_read for item in items) or unread_count(viewer) > 0
    if shown == "all" and has_unread:
        mark_all_read(recipient=viewer)
    return response


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponseRedirect:
    mark_all_read(recipient=signed_in(request))
    return redirect("web:notifications")


urlpatterns: list[URLPattern] = [
    path("notifications", notifications, name="notifications"),
    path("notifications/read", notifications_mark_read, name="notifications_mark_read"),
]
