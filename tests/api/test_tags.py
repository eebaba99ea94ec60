"""Followed hashtags: follow, unfollow, list them, and their posts in home."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post

type Committed = Callable[[], AbstractContextManager[Any]]


def test_following_a_tag_brings_its_public_posts_home(
    api_client: ApiClientFactory, alice: Account, bob: Account, committed: Committed
) -> None:
    with committed():
        publish_post(author=bob, text="before #Gardening")
    client = api_client(alice)
    followed = client.post("/api/v1/tags/gardening/follow")
    assert followed.status_code == 200
    assert followed.json()["following"] is True
    assert followed.json()["name"] == "Gardening"
    assert client.get("/api/v1/tags/gardening").json()["following"] is True
    assert [tag["name"] for tag in client.get("/api/v1/followed_tags").json()] == ["Gardening"]

    with committed():
        tagged = publish_post(author=bob, text="tomatoes #gardening")
        publish_post(author=bob, text="hidden #gardening", visibility="followers")
        publish_post(author=bob, text="untagged")
    home = [status["id"] for status in client.get("/api/v1/timelines/home").json()]
    assert str(tagged.id) in home
    assert len(home) == 2  # the earlier tagged post too; not the followers-only or untagged ones

    assert client.post("/api/v1/tags/gardening/unfollow").json()["following"] is False
    assert client.get("/api/v1/followed_tags").json() == []
    assert client.get("/api/v1/timelines/home").json() == []


def test_unknown_tags_and_missing_tokens(api_client: ApiClientFactory, alice: Account) -> None:
    assert api_client(alice).post("/api/v1/tags/neverused/follow").status_code == 404
    assert Client().post("/api/v1/tags/neverused/follow").status_code == 401
    assert api_client(alice, scopes="read").get("/api/v1/followed_tags").status_code == 200
    assert api_client(alice, scopes="write").get("/api/v1/followed_tags").status_code == 403
