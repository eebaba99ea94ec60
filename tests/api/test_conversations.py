"""Conversations: direct posts grouped by thread, unread until read, hidden until new mail."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.list import Conversation
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block

type Committed = Callable[[], AbstractContextManager[Any]]
conversation_list = TypeAdapter(list[Conversation])


def test_direct_threads_are_conversations_of_their_participants(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    with committed():
        first = publish_post(author=alice, text="@bob psst", visibility="direct")
        reply = publish_post(author=bob, text="@alice what", visibility="direct", in_reply_to=first)
        other = publish_post(author=carol, text="@bob hello", visibility="direct")
        publish_post(author=alice, text="public, not a conversation")
    found = conversation_list.validate_python(api_client(bob).get("/api/v1/conversations").json())
    assert [(item.id, item.last_status and item.last_status.id) for item in found] == [
        (str(other.id), str(other.id)),
        (str(first.id), str(reply.id)),
    ]
    assert [[account.username for account in item.accounts] for item in found] == [
        ["carol"],
        ["alice"],
    ]
    # Bob wrote the last message of the first thread, so only carol's is unread for him.
    assert [item.unread for item in found] == [True, False]
    mine = api_client(alice).get("/api/v1/conversations").json()
    assert [item["id"] for item in mine] == [str(first.id)]
    assert mine[0]["unread"] is True
    assert api_client(carol).get("/api/v1/conversations").json()[0]["id"] == str(other.id)


def test_reading_and_hiding_a_conversation(
    api_client: ApiClientFactory, alice: Account, bob: Account, committed: Committed
) -> None:
    with committed():
        first = publish_post(author=alice, text="@bob one", visibility="direct")
    client = api_client(bob)
    read = client.post(f"/api/v1/conversations/{first.id}/read")
    assert read.status_code == 200
    assert read.json()["unread"] is False
    assert client.get("/api/v1/conversations").json()[0]["unread"] is False

    assert client.delete(f"/api/v1/conversations/{first.id}").status_code == 200
    assert client.get("/api/v1/conversations").json() == []
    with committed():
        again = publish_post(author=alice, text="@bob two", visibility="direct", in_reply_to=first)
    back = client.get("/api/v1/conversations").json()
    assert [(item["id"], item["last_status"]["id"], item["unread"]) for item in back] == [
        (str(first.id), str(again.id), True)
    ]


def test_conversations_of_others_and_blocked_people_are_not_found(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    with committed():
        first = publish_post(author=alice, text="@bob secret", visibility="direct")
    assert api_client(carol).post(f"/api/v1/conversations/{first.id}/read").status_code == 404
    assert api_client(carol).delete(f"/api/v1/conversations/{first.id}").status_code == 404
    assert api_client(bob).post("/api/v1/conversations/nope/read").status_code == 404
    with committed():
        block(blocker=bob, blocked=alice)
    assert api_client(bob).get("/api/v1/conversations").json() == []
    assert Client().get("/api/v1/conversations").status_code == 401
    assert (
        api_client(bob, scopes="read").delete(f"/api/v1/conversations/{first.id}").status_code
        == 403
    )


def test_conversations_page_by_their_newest_message(
    api_client: ApiClientFactory, alice: Account, bob: Account, committed: Committed
) -> None:
    with committed():
        posts = [
            publish_post(author=alice, text=f"@bob {number}", visibility="direct")
            for number in range(3)
        ]
    client = api_client(bob)
    first = client.get("/api/v1/conversations?limit=2")
    assert [item["id"] for item in first.json()] == [str(posts[2].id), str(posts[1].id)]
    assert 'rel="next"' in first.headers["Link"]
    rest = client.get(f"/api/v1/conversations?limit=2&max_id={posts[1].id}").json()
    assert [item["id"] for item in rest] == [str(posts[0].id)]
