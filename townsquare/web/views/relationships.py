"""Web pages: following, follow requests, blocks and mutes.

The actions are plain POST forms: without JavaScript each answers with a redirect back
to ``next``; with htmx (``HX-Request``) it answers with the re-rendered follow controls
(``web/relationships/_follow_button.html``), so only they swap. Someone who blocks the
viewer is a 404 here, as everywhere; undoing one's own block or mute always works.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from townsquare.accounts.models import Account
from townsquare.accounts.selectors import access_account
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.core.pagination import Page, PageRequest, paginate
from townsquare.relationships import services
from townsquare.relationships.models import FollowRequest
from townsquare.relationships.selectors import (
    Relationship,
    access_account_for,
    blocked_either_way_ids,
    blocks_by,
    followers_of,
    following_of,
    friends_of,
    is_blocking,
    mutes_by,
    pending_requests,
    relationship,
    relationships_with,
)
from townsquare.web.views.viewer import is_htmx, next_url, signed_in

FOLLOW_CONTROLS = "web/relationships/_follow_button.html"
# What the mute form offers; the value is the duration in seconds, "" for forever.
MUTE_DURATIONS: dict[str, tuple[str, timedelta | None]] = {
    "": ("Forever", None),
    "3600": ("1 hour", timedelta(hours=1)),
    "86400": ("1 day", timedelta(days=1)),
    "604800": ("7 days", timedelta(days=7)),
}
PEOPLE_LISTS: dict[str, tuple[str, Callable[[Account], QuerySet[Account]]]] = {
    "followers": ("Followers", followers_of),
    "following": ("Following", following_of),
    "friends": ("Friends", friends_of),
}


def _target_of_action(viewer: Account, username: str) -> Account:
    """Whom an action is about; NotFound for unknown people and people blocking the viewer."""
    target = access_account(username)
    if is_blocking(target.pk, viewer.pk):
        raise NotFound()
    return target


def _answer(
    request: HttpRequest, viewer: Account, target: Account, *, done: str, error: str = ""
) -> HttpResponse:
    """Fresh follow controls for htmx; otherwise a message and a redirect back."""
    destination = next_url(request, reverse("web:profile", args=[target.username]))
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect(destination)
    context = {
        "target": target,
        "relationship": relationship(viewer, target),
        "next_url": destination,
        "error": error,
    }
    return render(request, FOLLOW_CONTROLS, context)


@login_required
@require_POST
def follow(request: HttpRequest, username: str) -> HttpResponse:
    """POST: follow someone, or ask to if their account is locked."""
    viewer = signed_in(request)
    target = _target_of_action(viewer, username)
    try:
        outcome = services.follow(follower=viewer, followee=target)
    except (Forbidden, ValidationFailed) as refusal:
        return _answer(request, viewer, target, done="", error=refusal.message)
    if isinstance(outcome, FollowRequest):
        done = f"You asked to follow @{target.username}."
    else:
        done = f"You follow @{target.username}."
    return _answer(request, viewer, target, done=done)


def _choice(value: str | None) -> bool | None:
    """A yes/no form field: None when it was not sent (that option stays as it is)."""
    if value is None:
        return None
    return value.strip().lower() in {"on", "true", "1", "yes"}


@login_required
@require_POST
def follow_options(request: HttpRequest, username: str) -> HttpResponse:
    """POST: show or hide someone's boosts (``show_boosts``), hear of their posts (``notify``)."""
    viewer = signed_in(request)
    target = _target_of_action(viewer, username)
    show_boosts = _choice(request.POST.get("show_boosts"))
    notify = _choice(request.POST.get("notify"))
    try:
        services.change_follow_options(
            follower=viewer, followee=target, show_boosts=show_boosts, notify=notify
        )
    except ValidationFailed as refusal:
        return _answer(request, viewer, target, done="", error=refusal.message)
    done = []
    if show_boosts is not None:
        shown = "show" if show_boosts else "hide"
        done.append(f"Your home will {shown} boosts by @{target.username}.")
    if notify is not None:
        told = "be" if notify else "no longer be"
        done.append(f"You will {told} notified when @{target.username} posts.")
    return _answer(request, viewer, target, done=" ".join(done) or "Nothing changed.")


@login_required
@require_POST
def unfollow(request: HttpRequest, username: str) -> HttpResponse:
    """POST: stop following someone, or withdraw a follow request."""
    viewer = signed_in(request)
    target = _target_of_action(viewer, username)
    services.unfollow(follower=viewer, followee=target)
    return _answer(request, viewer, target, done=f"You no longer follow @{target.username}.")


@login_required
@require_POST
def block(request: HttpRequest, username: str) -> HttpResponse:
    """POST: block someone; follows between you end both ways."""
    viewer = signed_in(request)
    target = _target_of_action(viewer, username)
    try:
        services.block(blocker=viewer, blocked=target)
    except ValidationFailed as refusal:
        return _answer(request, viewer, target, done="", error=refusal.message)
    return _answer(request, viewer, target, done=f"You blocked @{target.username}.")


@login_required
@require_POST
def unblock(request: HttpRequest, username: str) -> HttpResponse:
    """POST: lift your block (allowed even if they block you too)."""
    viewer = signed_in(request)
    target = access_account(username)
    services.unblock(blocker=viewer, blocked=target)
    return _answer(request, viewer, target, done=f"You unblocked @{target.username}.")


@login_required
@require_POST
def mute(request: HttpRequest, username: str) -> HttpResponse:
    """POST: mute someone for ``duration`` seconds (one of the menu's) or forever."""
    viewer = signed_in(request)
    target = _target_of_action(viewer, username)
    choice = MUTE_DURATIONS.get(request.POST.get("duration", ""))
    if choice is None:
        return _answer(request, viewer, target, done="", error="Choose how long to mute for.")
    label, duration = choice
    try:
        services.mute(
            muter=viewer,
            muted=target,
            duration=duration,
            hide_notifications=request.POST.get("hide_notifications") in {"on", "true", "1"},
        )
    except ValidationFailed as refusal:
        return _answer(request, viewer, target, done="", error=refusal.message)
    period = "" if duration is None else f" for {label}"
    return _answer(request, viewer, target, done=f"You muted @{target.username}{period}.")


@login_required
@require_POST
def unmute(request: HttpRequest, username: str) -> HttpResponse:
    """POST: end your mute."""
    viewer = signed_in(request)
    target = access_account(username)
    services.unmute(muter=viewer, muted=target)
    return _answer(request, viewer, target, done=f"You unmuted @{target.username}.")


def _more(page: Page[Any], request: PageRequest) -> int | None:
    """The ``max_id`` of the next page, or None when this page was the last."""
    return page.next_max_id if len(page.items) == request.limit else None


def _people_view(kind: str) -> Callable[[HttpRequest, str], HttpResponse]:
    title, people_of = PEOPLE_LISTS[kind]

    @require_GET
    def view(request: HttpRequest, username: str) -> HttpResponse:
        viewer = request.user if isinstance(request.user, Account) else None
        account = access_account_for(viewer, username)
        people = people_of(account)
        if viewer is not None:
            people = people.exclude(pk__in=blocked_either_way_ids(viewer.pk))
        page_request = PageRequest.from_params(request.GET)
        page = paginate(people, page_request, key="edge_id")
        known = relationships_with(viewer, [p.pk for p in page.items]) if viewer else {}
        context = {
            "account": account,
            "kind": kind,
            "title": title,
            "lists": {name: label for name, (label, _) in PEOPLE_LISTS.items()},
            "entries": [(person, known.get(person.pk, Relationship())) for person in page.items],
            "next_max_id": _more(page, page_request),
        }
        return render(request, "web/relationships/people.html", context)

    view.__name__ = view.__qualname__ = kind
    view.__doc__ = f"GET: the {title.lower()} of a profile, newest first, paged by max_id."
    return view


@login_required
@require_GET
def follow_requests(request: HttpRequest) -> HttpResponse:
    """GET: the follow requests waiting for your answer."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET)
    page = paginate(pending_requests(viewer), page_request)
    context = {"requests": page.items, "next_max_id": _more(page, page_request)}
    return render(request, "web/relationships/follow_requests.html", context)


def _answer_request(request: HttpRequest, username: str, *, approve: bool) -> HttpResponse:
    viewer = signed_in(request)
    requester = access_account(username)
    if approve:
        services.approve_follow_request(target=viewer, requester=requester)
        done = f"@{requester.username} now follows you."
    else:
        services.reject_follow_request(target=viewer, requester=requester)
        done = f"You turned down @{requester.username}'s request."
    if is_htmx(request):
        return render(request, "web/relationships/_request_answered.html", {"done": done})
    messages.success(request, done)
    return redirect(next_url(request, reverse("web:follow_requests")))


@login_required
@require_POST
def follow_request_approve(request: HttpRequest, username: str) -> HttpResponse:
    """POST: let someone who asked follow you."""
    return _answer_request(request, username, approve=True)


@login_required
@require_POST
def follow_request_reject(request: HttpRequest, username: str) -> HttpResponse:
    """POST: turn a follow request down."""
    return _answer_request(request, username, approve=False)


@login_required
@require_GET
def blocks(request: HttpRequest) -> HttpResponse:
    """GET: the people you block, each with an Unblock button."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET)
    page = paginate(blocks_by(viewer).filter(blocked__is_active=True), page_request)
    context = {"blocks": page.items, "next_max_id": _more(page, page_request)}
    return render(request, "web/relationships/blocks.html", context)


@login_required
@require_GET
def mutes(request: HttpRequest) -> HttpResponse:
    """GET: the people you mute (until when), each with an Unmute button."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET)
    page = paginate(mutes_by(viewer).filter(muted__is_active=True), page_request)
    context = {"mutes": page.items, "next_max_id": _more(page, page_request)}
    return render(request, "web/relationships/mutes.html", context)


urlpatterns: list[URLPattern] = [
    path("@<str:username>/follow", follow, name="follow"),
    path("@<str:username>/unfollow", unfollow, name="unfollow"),
    path("@<str:username>/follow-options", follow_options, name="follow_options"),
    path("@<str:username>/block", block, name="block"),
    path("@<str:username>/unblock", unblock, name="unblock"),
    path("@<str:username>/mute", mute, name="mute"),
    path("@<str:username>/unmute", unmute, name="unmute"),
    *(path(f"@<str:username>/{kind}", _people_view(kind), name=kind) for kind in PEOPLE_LISTS),
    path("follow-requests", follow_requests, name="follow_requests"),
    path(
        "follow-requests/<str:username>/approve",
        follow_request_approve,
        name="follow_request_approve",
    ),
    path(
        "follow-requests/<str:username>/reject",
        follow_request_reject,
        name="follow_request_reject",
    ),
    path("settings/blocks", blocks, name="blocks"),
    path("settings/mutes", mutes, name="mutes"),
]
