"""/api/v2/search and /api/v1/accounts/search through the search app."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import ApiClientFactory
from tests.search.conftest import Committed, Publisher
from townsquare.accounts.models import Account
from townsquare.accounts.services import update_profile
from townsquare.api.schemas.status import SearchResults
from townsquare.relationships.services import block, follow


def statuses(client: Client, text: str) -> list[str]:
    response = client.get("/api/v2/search", {"type": "statuses", "q": text})
    assert response.status_code == 200
    return [item.id for item in SearchResults.model_validate(response.json()).statuses]


def test_statuses_by_full_text_within_visibility(
    api_client: ApiClientFactory, publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    public = publish(alice, "Fresh bread from the oven")
    private = publish(alice, "bread for followers", visibility="followers")
    follow(follower=bob, followee=alice)
    assert set(statuses(api_client(bob), "bread")) == {str(public.id), str(private.id)}
    assert statuses(api_client(carol), "bread") == [str(public.id)]
    assert statuses(Client(), "bread") == [str(public.id)]
    block(blocker=alice, blocked=carol)
    assert statuses(api_client(carol), "bread") == []


def test_offset_limit_following_and_account_id(
    api_client: ApiClientFactory, publish: Publisher, alice: Account, bob: Account, carol: Account
) -> None:
    mine = [publish(alice, f"river {n}") for n in range(3)]
    theirs = publish(carol, "river too")
    follow(follower=bob, followee=alice)
    client = api_client(bob)
    first = client.get("/api/v2/search?q=river&type=statuses&limit=2").json()["statuses"]
    rest = client.get("/api/v2/search?q=river&type=statuses&limit=2&offset=2").json()["statuses"]
    assert len(first) == 2 and len(rest) == 2
    followed = client.get("/api/v2/search?q=river&type=statuses&following=true").json()
    assert {item["id"] for item in followed["statuses"]} == {str(post.id) for post in mine}
    by_carol = client.get(f"/api/v2/search?q=river&type=statuses&account_id={carol.id}").json()
    assert [item["id"] for item in by_carol["statuses"]] == [str(theirs.id)]
    assert client.get("/api/v2/search?q=river&account_id=nope&limit=999").status_code == 200


def test_hostile_queries_answer_200(
    api_client: ApiClientFactory, publish: Publisher, alice: Account
) -> None:
    publish(alice, "walk the dog")
    client = api_client(alice)
    for query in ("NEAR(walk dog) AND *", 'walk "dog', "'; DROP TABLE posts_post; --", "\x00"):
        response = client.get("/api/v2/search", {"q": query})
        assert response.status_code == 200
        SearchResults.model_validate(response.json())


def test_accounts_search_finds_bios_and_keeps_blocks(
    api_client: ApiClientFactory, committed: Committed, alice: Account, bob: Account, carol: Account
) -> None:
    with committed():
        update_profile(account=bob, bio="Potter and glazer")
        update_profile(account=carol, bio="Glazer of windows")
    client = api_client(alice)
    found = client.get("/api/v1/accounts/search?q=glazer").json()
    assert {item["username"] for item in found} == {"bob", "carol"}
    v2 = client.get("/api/v2/search?q=glazer&type=accounts").json()["accounts"]
    assert {item["username"] for item in v2} == {"bob", "carol"}
    block(blocker=carol, blocked=alice)
    assert [item["username"] for item in client.get("/api/v1/accounts/search?q=glazer").json()] == [
        "bob"
    ]
    follow(follower=alice, followee=bob)
    following = client.get("/api/v1/accounts/search?q=glazer&following=true").json()
    assert [item["username"] for item in following] == ["bob"]
    assert client.get("/api/v1/accounts/search?q=glazer&limit=1&offset=1").json() == []
