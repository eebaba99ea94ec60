"""/api/v2/search: accounts and hashtags by prefix, posts and profiles by link."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.status import SearchResults, SearchTag
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block


def test_accounts_and_hashtags_by_prefix(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    publish_post(author=alice, text="#Gardening and #gardens")
    response = api_client(bob, scopes="read:search").get("/api/v2/search?q=gar")
    assert response.status_code == 200
    results = SearchResults.model_validate(response.json())
    assert [tag.name for tag in results.hashtags] == ["Gardening", "gardens"]
    assert results.statuses == []
    people = Client().get("/api/v2/search?q=@ali&type=accounts").json()
    assert [item["username"] for item in people["accounts"]] == ["alice"]
    assert people["hashtags"] == []


def test_a_link_finds_the_post_it_names_if_visible(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    post = publish_post(author=alice, text="find me")
    hidden = publish_post(author=alice, text="secret", visibility="followers")
    found = Client().get(f"/api/v2/search?q=http://testserver/@alice/{post.id}").json()
    assert [item["id"] for item in found["statuses"]] == [str(post.id)]
    none = Client().get(f"/api/v2/search?q=http://testserver/@alice/{hidden.id}").json()
    assert none["statuses"] == []
    profile = Client().get("/api/v2/search?q=http://testserver/@alice").json()
    assert [item["username"] for item in profile["accounts"]] == ["alice"]
    elsewhere = Client().get(f"/api/v2/search?q=https://other.example/@alice/{post.id}").json()
    assert elsewhere["statuses"] == []
    block(blocker=alice, blocked=carol)
    blocked = api_client(carol).get(f"/api/v2/search?q=http://testserver/@alice/{post.id}")
    assert blocked.json()["statuses"] == []
    assert api_client(carol).get("/api/v2/search?q=ali").json()["accounts"] == []


def test_search_needs_read_search_for_tokens(api_client: ApiClientFactory, alice: Account) -> None:
    assert api_client(alice, scopes="write").get("/api/v2/search?q=a").status_code == 403


def test_a_tag_by_name(alice: Account) -> None:
    publish_post(author=alice, text="#Birds")
    response = Client().get("/api/v1/tags/birds")
    assert response.status_code == 200
    assert SearchTag.model_validate(response.json()).name == "Birds"
    assert Client().get("/api/v1/tags/fish").status_code == 404
