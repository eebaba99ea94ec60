"""Like, boost, bookmark and pin (and their undos) as plain POST forms.

Without JavaScript each answers with a redirect back to ``next``; with htmx
(``HX-Request``) it answers with the re-rendered post partial, so only that post swaps.
The URL names the post as shown: acting on a boost acts on what it boosted, but the
partial re-renders the boost the viewer was looking at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.accounts.models import Account
from townsquare.core.errors import Forbidden, NotFound, ValidationFailed
from townsquare.posts import services
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.viewer import flags_by_id, is_htmx, next_url, polls_by_id, signed_in

type Action = Callable[..., Any]

ACTIONS: dict[str, Action] = {
    "like": services.like,
    "unlike": services.unlike,
    "boost": services.boost,
    "unboost": services.unboost,
    "bookmark": services.bookmark,
    "unbookmark": services.unbookmark,
    "pin": services.pin,
    "unpin": services.unpin,
}


def view_for(verb: str) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST-only, sign-in-only view that applies ``verb`` to a post."""
    action = ACTIONS[verb]

    @require_POST
    def view(request: HttpRequest, post_id: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return _to_log_in(request)
        return _act(request, post_id, action)

    view.__name__ = view.__qualname__ = f"post_{verb}"
    view.__doc__ = f"POST: {verb} a post, then go back (or re-render it for htmx)."
    return view


def _to_log_in(request: HttpRequest) -> HttpResponse:
    """Send a signed-out visitor to log in, then back to the page they acted on.

    htmx would follow a redirect and swap the log-in page into the post, so it is
    told to load the page whole instead.
    """
    response = redirect_to_login(next_url(request, "/"))
    if is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
    return response


def _act(request: HttpRequest, post_id: int, action: Action) -> HttpResponse:
    account = signed_in(request)
    shown = access_post(post_id, viewer=account)
    target = shown.reblog_of if shown.reblog_of is not None else shown
    error = ""
    try:
        action(account=account, post=target)
    except (Forbidden, ValidationFailed) as refusal:
        error = refusal.message
    destination = next_url(request, post_url(target))
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(destination)
    return _partial(
        request, account, shown_id=shown.id, target_id=target.id, next_path=destination, error=error
    )


def _partial(
    request: HttpRequest,
    account: Account,
    *,
    shown_id: int,
    target_id: int,
    next_path: str,
    error: str,
) -> HttpResponse:
    """The post as it is now; an undone boost is gone, so its original takes its place."""
    post: Post
    try:
        post = access_post(shown_id, viewer=account)
    except NotFound:
        post = access_post(target_id, viewer=account)
    context = {
        "post": post,
        "flags_by_id": flags_by_id(request, [post]),
        "polls_by_id": polls_by_id(request, [post]),
        "return_to": next_path,
        "action_error": error,
    }
    return render(request, "web/posts/_post.html", context)
