"""Lists over the API: CRUD, members (only people you follow), and the list timeline."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.list import UserList
from townsquare.api.schemas.status import Status
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

type Committed = Callable[[], AbstractContextManager[Any]]
statuses = TypeAdapter(list[Status])


def test_lists_are_created_renamed_listed_and_deleted(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    client = api_client(alice)
    created = client.post(
        "/api/v1/lists", {"title": "Friends", "replies_policy": "none"}, "application/json"
    )
    assert created.status_code == 200
    made = UserList.model_validate(created.json())
    assert (made.title, made.replies_policy, made.exclusive) == ("Friends", "none", False)

    renamed = client.put(f"/api/v1/lists/{made.id}", {"title": "Pals"}, "application/json")
    assert renamed.json()["title"] == "Pals"
    assert renamed.json()["replies_policy"] == "none"
    assert [item["title"] for item in client.get("/api/v1/lists").json()] == ["Pals"]
    # Someone else's list answers as a missing one.
    assert api_client(bob).get(f"/api/v1/lists/{made.id}").status_code == 404
    assert api_client(bob).delete(f"/api/v1/lists/{made.id}").status_code == 404

    assert client.delete(f"/api/v1/lists/{made.id}").status_code == 200
    assert client.get(f"/api/v1/lists/{made.id}").status_code == 404
    assert client.get("/api/v1/lists").json() == []


def test_bad_lists_answer_422_naming_the_problem(api_client: ApiClientFactory, alice: Account):
    client = api_client(alice)
    blank = client.post("/api/v1/lists", {"title": " "}, "application/json")
    assert blank.status_code == 422
    assert "title" in blank.json()["error"]
    long = client.post("/api/v1/lists", {"title": "x" * 101}, "application/json")
    assert "at most 100" in long.json()["error"]
    policy = client.post(
        "/api/v1/lists", {"title": "a", "replies_policy": "all"}, "application/json"
    )
    assert policy.status_code == 422
    assert "replies_policy" in policy.json()["error"]


def test_list_scopes_and_tokens(api_client: ApiClientFactory, alice: Account) -> None:
    assert Client().get("/api/v1/lists").status_code == 401
    assert api_client(alice, scopes="read").post("/api/v1/lists", {"title": "x"}).status_code == 403
    assert api_client(alice, scopes="write").get("/api/v1/lists").status_code == 403


def test_members_must_be_followed_and_shape_the_timeline(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    with committed():
        follow(follower=alice, followee=bob)
        follow(follower=alice, followee=carol)
    client = api_client(alice)
    list_id = client.post("/api/v1/lists", {"title": "Bob"}, "application/json").json()["id"]
    members = f"/api/v1/lists/{list_id}/accounts"
    # A form body naming the key without [] works too (Mastodon.py sends that).
    added = client.post(members, f"account_ids={bob.pk}", "application/x-www-form-urlencoded")
    assert added.status_code == 200
    assert [item["username"] for item in client.get(members).json()] == ["bob"]
    stranger = api_client(bob).post("/api/v1/lists", {"title": "x"}, "application/json").json()
    refused = api_client(bob).post(
        f"/api/v1/lists/{stranger['id']}/accounts", {"account_ids": [carol.pk]}, "application/json"
    )
    assert refused.status_code == 422
    assert "follow" in refused.json()["error"]

    with committed():
        by_bob = publish_post(author=bob, text="from bob")
        publish_post(author=carol, text="from carol")
        publish_post(author=bob, text="@alice only for me", visibility="direct")
        bob_to_carol = publish_post(author=bob, text="@carol hi", in_reply_to=None)
    timeline = statuses.validate_python(client.get(f"/api/v1/timelines/list/{list_id}").json())
    assert [status.id for status in timeline] == [str(bob_to_carol.id), str(by_bob.id)]

    removed = client.delete(members, {"account_ids": [bob.pk]}, "application/json")
    assert removed.status_code == 200
    assert client.get(members).json() == []
    assert client.get(f"/api/v1/timelines/list/{list_id}").json() == []
    assert api_client(carol).get(f"/api/v1/timelines/list/{list_id}").status_code == 404
