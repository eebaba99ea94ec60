"""Favourite, boost, bookmark and pin over the API; who favourited and boosted."""

from __future__ import annotations

import pytest
from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory, link_urls, path_of, token_for
from townsquare.accounts.models import Account
from townsquare.api.schemas.account import Account as AccountSchema
from townsquare.api.schemas.status import Status
from townsquare.posts.services import like, publish_post
from townsquare.relationships.services import block

accounts_list = TypeAdapter(list[AccountSchema])


@pytest.mark.parametrize(
    ("verb", "undo", "field", "scope"),
    [
        ("favourite", "unfavourite", "favourited", "write:favourites"),
        ("bookmark", "unbookmark", "bookmarked", "write:bookmarks"),
    ],
)
def test_toggles_answer_the_status_with_its_flag(
    api_client: ApiClientFactory,
    alice: Account,
    bob: Account,
    verb: str,
    undo: str,
    field: str,
    scope: str,
) -> None:
    post = publish_post(author=bob, text="nice")
    client = api_client(alice, scopes=scope)
    done = client.post(f"/api/v1/statuses/{post.id}/{verb}")
    assert done.status_code == 200
    status = Status.model_validate(done.json())
    assert getattr(status, field) is True
    if verb == "favourite":
        assert status.favourites_count == 1
    undone = client.post(f"/api/v1/statuses/{post.id}/{undo}")
    assert undone.json()[field] is False
    assert (
        api_client(alice, scopes="read").post(f"/api/v1/statuses/{post.id}/{verb}").status_code
        == 403
    )


def test_reblog_answers_the_boost_wrapping_the_original(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=bob, text="share me")
    client = api_client(alice)
    response = client.post(f"/api/v1/statuses/{post.id}/reblog")
    assert response.status_code == 200
    boost = Status.model_validate(response.json())
    assert boost.reblog is not None
    assert boost.reblog.id == str(post.id)
    assert boost.reblog.reblogged is True
    assert boost.reblog.reblogs_count == 1
    assert boost.account.username == "alice"
    undone = Status.model_validate(client.post(f"/api/v1/statuses/{post.id}/unreblog").json())
    assert undone.id == str(post.id)
    assert undone.reblogged is False
    assert undone.reblogs_count == 0


def test_followers_only_posts_cannot_be_reblogged_or_seen_by_strangers(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=bob, text="mine", visibility="followers")
    assert api_client(alice).post(f"/api/v1/statuses/{post.id}/reblog").status_code == 404
    assert api_client(alice).post(f"/api/v1/statuses/{post.id}/favourite").status_code == 404
    own = api_client(bob).post(f"/api/v1/statuses/{post.id}/reblog")
    assert own.status_code == 403
    assert "error" in own.json()


def test_pin_and_unpin_own_posts(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=alice, text="pin me")
    client = api_client(alice, scopes="write:accounts")
    assert client.post(f"/api/v1/statuses/{post.id}/pin").json()["pinned"] is True
    assert client.post(f"/api/v1/statuses/{post.id}/unpin").json()["pinned"] is False
    others = publish_post(author=bob, text="not yours")
    refused = client.post(f"/api/v1/statuses/{others.id}/pin")
    assert refused.status_code in {403, 422}


def test_favourited_by_pages_and_hides_blocked_people(
    alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    post = publish_post(author=alice, text="popular")
    for person in (bob, carol, dave):
        like(account=person, post=post)
    client = Client()
    path = f"/api/v1/statuses/{post.id}/favourited_by?limit=1"
    seen: list[str] = []
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200
        seen += [account.username for account in accounts_list.validate_python(response.json())]
        path = path_of(link_urls(response)["next"])
    assert seen == ["dave", "carol", "bob"]
    block(blocker=alice, blocked=carol)
    as_alice = Client(headers={"Authorization": f"Bearer {token_for(alice)}"})
    names = [
        item["username"]
        for item in as_alice.get(f"/api/v1/statuses/{post.id}/favourited_by").json()
    ]
    assert names == ["dave", "bob"]


def test_reblogged_by_lists_boosters(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    post = publish_post(author=alice, text="boost it")
    api_client(bob).post(f"/api/v1/statuses/{post.id}/reblog")
    response = Client().get(f"/api/v1/statuses/{post.id}/reblogged_by")
    assert [item["username"] for item in response.json()] == ["bob"]
    hidden = publish_post(author=alice, text="x", visibility="followers")
    assert Client().get(f"/api/v1/statuses/{hidden.id}/reblogged_by").status_code == 404
