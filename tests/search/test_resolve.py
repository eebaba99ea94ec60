"""Resolving links and addresses of this server, as /api/v2/search?resolve=true does."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.posts.services import publish_post
from townsquare.relationships.services import block
from townsquare.search.resolve import is_address, resolve_address, resolve_url

pytestmark = pytest.mark.django_db

HOST = "testserver"


def test_links_to_profiles_and_posts(alice: Account, bob: Account) -> None:
    post = publish_post(author=alice, text="hello")

    assert resolve_url(f"http://{HOST}/@alice", host=HOST, viewer=None) == alice
    assert resolve_url(f"https://TestServer/@Alice/{post.id}/", host=HOST, viewer=bob) == post
    assert resolve_url(f"http://{HOST}/@bob/{post.id}", host=HOST, viewer=None) is None
    assert resolve_url("http://elsewhere.example/@alice", host=HOST, viewer=None) is None
    assert resolve_url(f"http://{HOST}/about", host=HOST, viewer=None) is None
    assert resolve_url("http://[broken", host=HOST, viewer=None) is None


@pytest.mark.parametrize("visibility", ["followers", "direct"])
def test_posts_the_viewer_may_not_see_resolve_to_nothing(
    alice: Account, bob: Account, carol: Account, visibility: str
) -> None:
    post = publish_post(author=alice, text="private @carol", visibility=visibility)

    assert resolve_url(f"http://{HOST}/@alice/{post.id}", host=HOST, viewer=bob) is None
    assert resolve_url(f"http://{HOST}/@alice/{post.id}", host=HOST, viewer=alice) == post


@pytest.mark.parametrize(
    "query",
    ["acct:alice@testserver", "@alice@testserver", "alice@TESTSERVER", "alice@testserver:80"],
)
def test_addresses_of_this_server(alice: Account, query: str) -> None:
    host = "testserver:80" if query.endswith(":80") else HOST
    assert is_address(query)
    assert resolve_address(query, host=host, viewer=None) == alice


def test_other_servers_and_unknown_people_resolve_to_nothing(alice: Account) -> None:
    assert resolve_address("alice@other.example", host=HOST, viewer=None) is None
    assert resolve_address("nobody@testserver", host=HOST, viewer=None) is None
    assert not is_address("just words")


def test_blocked_people_resolve_to_nothing(alice: Account, bob: Account) -> None:
    block(blocker=alice, blocked=bob)
    post = publish_post(author=alice, text="hi")

    assert resolve_address("alice@testserver", host=HOST, viewer=bob) is None
    assert resolve_url(f"http://{HOST}/@alice/{post.id}", host=HOST, viewer=bob) is None
    assert resolve_address("bob@testserver", host=HOST, viewer=alice) is None


def test_search_api_resolves_addresses(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    found = Client().get("/api/v2/search?q=@alice@testserver&resolve=true").json()
    assert [account["username"] for account in found["accounts"]] == ["alice"]
    assert found["statuses"] == []

    only_posts = Client().get("/api/v2/search?q=acct:alice@testserver&type=statuses").json()
    assert only_posts == {"accounts": [], "statuses": [], "hashtags": []}

    block(blocker=alice, blocked=bob)
    hidden = api_client(bob).get("/api/v2/search?q=alice@testserver&resolve=true").json()
    assert hidden["accounts"] == []
