"""Notifications over the API: list with type filters, one, dismiss, unread count."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from townsquare.accounts.models import Account
from townsquare.api.schemas.notification import Notification
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import block, follow

notifications_list = TypeAdapter(list[Notification])
type Committed = Callable[[], AbstractContextManager[Any]]


def _activity(alice: Account, bob: Account, carol: Account, committed: Committed) -> None:
    with committed():
        post = publish_post(author=alice, text="hello")
        follow(follower=bob, followee=alice)
        like(account=bob, post=post)
        publish_post(author=carol, text="@alice hi")
        publish_post(author=bob, text="reply", in_reply_to=post)


def test_notifications_list_with_statuses_and_types(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    _activity(alice, bob, carol, committed)
    client = api_client(alice, scopes="read:notifications")
    response = client.get("/api/v1/notifications")
    assert response.status_code == 200
    found = notifications_list.validate_python(response.json())
    assert [item.type for item in found] == ["mention", "mention", "favourite", "follow"]
    assert found[2].status is not None
    assert found[2].status.content.startswith("<p>hello")
    assert found[3].status is None
    mentions = client.get("/api/v1/notifications?types[]=mention").json()
    assert {item["account"]["username"] for item in mentions} == {"bob", "carol"}
    no_mentions = client.get("/api/v1/notifications?exclude_types[]=mention").json()
    assert [item["type"] for item in no_mentions] == ["favourite", "follow"]
    unread = client.get("/api/v1/notifications/unread_count")
    assert unread.json() == {"count": 4}


def test_notifications_page_with_link_headers(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    _activity(alice, bob, carol, committed)
    client = api_client(alice)
    path = "/api/v1/notifications?limit=1"
    seen = []
    for _ in range(3):
        response = client.get(path)
        seen += [item["type"] for item in response.json()]
        path = path_of(link_urls(response)["next"])
    assert seen == ["mention", "mention", "favourite"]


def test_one_notification_and_dismiss(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    _activity(alice, bob, carol, committed)
    client = api_client(alice)
    first = client.get("/api/v1/notifications").json()[0]
    one = client.get(f"/api/v1/notifications/{first['id']}")
    assert Notification.model_validate(one.json()).id == first["id"]
    assert api_client(bob).get(f"/api/v1/notifications/{first['id']}").status_code == 404
    assert client.get("/api/v1/notifications/zzz").status_code == 404
    assert (
        api_client(alice, scopes="read")
        .post(f"/api/v1/notifications/{first['id']}/dismiss")
        .status_code
        == 403
    )
    dismissed = client.post(f"/api/v1/notifications/{first['id']}/dismiss")
    assert dismissed.status_code == 200
    assert client.get(f"/api/v1/notifications/{first['id']}").status_code == 404


def test_blocked_actors_disappear_and_auth_is_needed(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    _activity(alice, bob, carol, committed)
    block(blocker=alice, blocked=carol)
    listed = api_client(alice).get("/api/v1/notifications").json()
    assert "carol" not in {item["account"]["username"] for item in listed}
    assert Client().get("/api/v1/notifications").status_code == 401


def test_clearing_notifications_deletes_all_of_the_callers(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, committed: Committed
) -> None:
    _activity(alice, bob, carol, committed)
    with committed():
        follow(follower=alice, followee=bob)
    assert api_client(alice, scopes="read").post("/api/v1/notifications/clear").status_code == 403
    client = api_client(alice)
    response = client.post("/api/v1/notifications/clear")
    assert response.status_code == 200
    assert response.json() == {}
    assert client.get("/api/v1/notifications").json() == []
    assert client.delete("/api/v1/notifications/clear").status_code == 200
    assert [item["type"] for item in api_client(bob).get("/api/v1/notifications").json()] == [
        "follow"
    ]
    assert Client().post("/api/v1/notifications/clear").status_code == 401
