"""Web pages: direct messages, as conversations.

A conversation is a thread of direct posts (``timelines.selectors.Conversation``); only
its participants can open it, anyone else gets a 404. Opening it marks it read; a reply
is a direct post answering its newest message and mentioning everyone in it, so it
reaches the same people. "Remove" hides it until a new message arrives, as in Mastodon.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST, require_safe

from townsquare.accounts.models import Account
from townsquare.core.errors import ValidationFailed
from townsquare.core.pagination import PageRequest
from townsquare.posts.models import Visibility
from townsquare.posts.services import publish_post
from townsquare.relationships.selectors import access_account_for
from townsquare.timelines.selectors import (
    Conversation,
    access_conversation,
    conversation_posts,
    conversations,
)
from townsquare.timelines.services import mark_conversation
from townsquare.web.forms.posts import ComposeForm
from townsquare.web.views.viewer import flags_by_id, polls_by_id, signed_in

CONVERSATIONS_PER_PAGE = 20


def addressed_text(text: str, participants: list[Account]) -> str:
    """``text`` with an @mention in front for each participant it doesn't mention yet."""
    missing = [
        f"@{person.username}"
        for person in participants
        if not re.search(rf"(?<![\w@])@{re.escape(person.username)}(?![\w@])", text, re.IGNORECASE)
    ]
    return " ".join([*missing, text]) if missing else text


@login_required
@require_safe
def messages_page(request: HttpRequest) -> HttpResponse:
    """Your conversations, the one with the newest message first."""
    viewer = signed_in(request)
    page_request = PageRequest.from_params(request.GET, default_limit=CONVERSATIONS_PER_PAGE)
    page = conversations(viewer, page_request)
    has_more = len(page.items) >= page_request.limit and page.next_max_id is not None
    context = {
        "conversations": page.items,
        "next_max_id": page.next_max_id if has_more else None,
    }
    return render(request, "web/messages/list.html", context)


@login_required
@require_safe
def conversation_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """One conversation's messages, oldest first, with a reply box; opening it reads it."""
    viewer = signed_in(request)
    found = access_conversation(conversation_id, viewer=viewer)
    posts = conversation_posts(found, viewer)
    if found.is_unread:
        mark_conversation(owner=viewer, root_id=found.id, read_up_to=found.last_post.id)
    context = {
        "conversation": found,
        "posts": posts,
        "flags_by_id": flags_by_id(request, posts),
        "polls_by_id": polls_by_id(request, posts),
    }
    return render(request, "web/messages/conversation.html", context)


def _reply(viewer: Account, found: Conversation, text: str) -> None:
    publish_post(
        author=viewer,
        text=addressed_text(text, found.participants),
        visibility=Visibility.DIRECT,
        in_reply_to=found.last_post.reblog_of or found.last_post,
    )


@login_required
@require_POST
def conversation_reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """POST text: a direct reply to everyone in the conversation."""
    viewer = signed_in(request)
    found = access_conversation(conversation_id, viewer=viewer)
    here = reverse("web:conversation", args=[found.id])
    text = request.POST.get("text", "")
    if not text.strip():
        messages.error(request, "Write a message first.")
        return redirect(here)
    try:
        _reply(viewer, found, text)
    except ValidationFailed as error:
        messages.error(request, error.message)
    return redirect(here)


@login_required
@require_POST
def conversation_remove(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """POST: hide the conversation from your list until someone writes in it again."""
    viewer = signed_in(request)
    found = access_conversation(conversation_id, viewer=viewer)
    last_id = found.last_post.id
    mark_conversation(owner=viewer, root_id=found.id, read_up_to=last_id, hidden_up_to=last_id)
    messages.success(request, "Conversation removed.")
    return redirect("web:messages")


@login_required
@require_safe
def new_message(request: HttpRequest) -> HttpResponse:
    """A new direct message: the compose form, addressed to ``?to=username`` if given."""
    viewer = signed_in(request)
    to = request.GET.get("to", "")
    recipient = access_account_for(viewer, to) if to else None
    initial = {
        "visibility": Visibility.DIRECT,
        "text": f"@{recipient.username} " if recipient else "",
    }
    context = {"form": ComposeForm(initial=initial), "recipient": recipient}
    return render(request, "web/messages/new.html", context)


urlpatterns: list[URLPattern] = [
    path("messages", messages_page, name="messages"),
    path("messages/new", new_message, name="new_message"),
    path("messages/<int:conversation_id>", conversation_page, name="conversation"),
    path("messages/<int:conversation_id>/reply", conversation_reply, name="conversation_reply"),
    path("messages/<int:conversation_id>/remove", conversation_remove, name="conversation_remove"),
]
