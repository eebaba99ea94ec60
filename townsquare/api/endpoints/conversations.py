"""/api/v1/conversations: direct messages grouped by thread, with read and hide."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from townsquare.accounts.models import Account
from townsquare.api.auth import caller_of, require
from townsquare.api.http import json_response, paged_response
from townsquare.api.schemas.list import Conversation as ConversationSchema
from townsquare.api.selectors import object_id
from townsquare.api.serializers.accounts import account_json
from townsquare.api.serializers.statuses import statuses_json
from townsquare.core.pagination import PageRequest
from townsquare.timelines.selectors import Conversation, access_conversation, conversations
from townsquare.timelines.services import mark_conversation

router = Router(tags=["conversations"])

MAX_CONVERSATIONS = 40


def conversations_json(
    found: list[Conversation], viewer: Account, request: HttpRequest
) -> list[dict[str, Any]]:
    statuses = statuses_json([item.last_post for item in found], viewer, request)
    return [
        {
            "id": str(item.id),
            "unread": item.is_unread,
            "accounts": [account_json(account, request) for account in item.participants],
            "last_status": status,
        }
        for item, status in zip(found, statuses, strict=True)
    ]


@router.get("/v1/conversations", response={200: list[ConversationSchema]})
def get_conversations(request: HttpRequest) -> HttpResponse:
    me = require(caller_of(request), "read:statuses")
    page_request = PageRequest.from_params(request.GET, max_limit=MAX_CONVERSATIONS)
    page = conversations(me, page_request)
    return paged_response(request, page, conversations_json(list(page.items), me, request))


@router.post("/v1/conversations/{conversation_id}/read", response={200: ConversationSchema})
def read_conversation(request: HttpRequest, conversation_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:conversations")
    found = access_conversation(object_id(conversation_id), viewer=me)
    mark_conversation(owner=me, root_id=found.id, read_up_to=found.last_post.id)
    found = access_conversation(found.id, viewer=me)
    return json_response(conversations_json([found], me, request)[0])


@router.delete("/v1/conversations/{conversation_id}", response={200: dict[str, str]})
def hide_conversation(request: HttpRequest, conversation_id: str) -> HttpResponse:
    me = require(caller_of(request), "write:conversations")
    found = access_conversation(object_id(conversation_id), viewer=me)
    mark_conversation(
        owner=me, root_id=found.id, read_up_to=found.last_post.id, hidden_up_to=found.last_post.id
    )
    return json_response({})
