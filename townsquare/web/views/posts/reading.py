"""Pages that show a post: its thread, its edit history, who liked and who boosted it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from townsquare.accounts.models import Account
from townsquare.core.errors import NotFound
from townsquare.posts.models import Post
from townsquare.posts.selectors import access_post, boosted_by, edit_history, liked_by, thread
from townsquare.web.forms.posts import ComposeForm
from townsquare.web.templatetags.posts import post_url
from townsquare.web.views.filters import filter_hits
from townsquare.web.views.viewer import flags_by_id, polls_by_id

# Deeper replies are drawn at this indent, so long threads stay readable on a phone.
MAX_INDENT = 4
# Lists of people are short summaries; the counters on the post give the totals.
MAX_LISTED_ACCOUNTS = 80


@dataclass(frozen=True, slots=True)
class Reply:
    post: Post
    depth: int


def _viewer(request: HttpRequest) -> Account | AnonymousUser:
    user = request.user
    return user if isinstance(user, Account) else AnonymousUser()


@require_GET
def post_detail(request: HttpRequest, username: str, post_id: int) -> HttpResponse:
    """The thread page: ancestors, the post itself, then the replies depth first."""
    viewer = _viewer(request)
    post = access_post(post_id, viewer=viewer)
    if post.reblog_of is not None:
        return redirect(post_url(post))
    if post.author.username.lower() != username.lower():
        raise NotFound
    conversation = thread(post, viewer=viewer)
    replies = _with_depth(post, conversation.descendants)
    context: dict[str, Any] = {
        "post": conversation.post,
        "ancestors": conversation.ancestors,
        "replies": replies,
        "flags_by_id": flags_by_id(
            request, [*conversation.ancestors, conversation.post, *conversation.descendants]
        ),
        "polls_by_id": polls_by_id(
            request, [*conversation.ancestors, conversation.post, *conversation.descendants]
        ),
        "filter_hits": filter_hits(
            request, "thread", [*conversation.ancestors, *conversation.descendants]
        ),
    }
    if isinstance(viewer, Account):
        context["reply_form"] = ComposeForm(
            initial={
                "in_reply_to": post.id,
                "text": "" if post.author_id == viewer.id else f"@{post.author.username} ",
                "spoiler_text": post.spoiler_text,
                "visibility": post.visibility,
            }
        )
    return render(request, "web/posts/detail.html", context)


def _with_depth(root: Post, descendants: list[Post]) -> list[Reply]:
    depths = {root.id: 0}
    replies = []
    for reply in descendants:
        depth = depths.get(reply.in_reply_to_id or 0, 0) + 1
        depths[reply.id] = depth
        replies.append(Reply(post=reply, depth=min(depth, MAX_INDENT)))
    return replies


@require_GET
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    """Every version of a post, newest first, each with when it was written."""
    post = access_post(post_id, viewer=_viewer(request))
    if post.reblog_of is not None:
        raise NotFound
    # edit_history lists the oldest first and ends with the current version.
    versions = list(reversed(edit_history(post)))
    return render(request, "web/posts/history.html", {"post": post, "versions": versions})


@require_GET
def post_liked_by(request: HttpRequest, post_id: int) -> HttpResponse:
    """The people who liked a post."""
    viewer = _viewer(request)
    post = _original(access_post(post_id, viewer=viewer))
    return _people(request, post, "Liked by", liked_by(post, viewer)[:MAX_LISTED_ACCOUNTS])


@require_GET
def post_boosted_by(request: HttpRequest, post_id: int) -> HttpResponse:
    """The people who boosted a post."""
    viewer = _viewer(request)
    post = _original(access_post(post_id, viewer=viewer))
    return _people(request, post, "Boosted by", boosted_by(post, viewer)[:MAX_LISTED_ACCOUNTS])


def _original(post: Post) -> Post:
    return post.reblog_of if post.reblog_of is not None else post


def _people(request: HttpRequest, post: Post, title: str, people: Any) -> HttpResponse:
    context = {"post": post, "title": title, "people": list(people)}
    return render(request, "web/posts/people.html", context)
