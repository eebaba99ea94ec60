"""/api/v1/endorsements, /api/v1/accounts/:id/pin and unpin, and Relationship.endorsed."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import ApiClientFactory, link_urls, path_of
from townsquare.accounts.models import Account
from townsquare.api.schemas.relationship import Relationship
from townsquare.relationships.models import Endorsement
from townsquare.relationships.services import block, endorse, follow, unfollow


def test_pin_someone_you_follow(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    client = api_client(alice, scopes="read write:accounts")
    response = client.post(f"/api/v1/accounts/{bob.pk}/pin")
    assert response.status_code == 200, response.content
    assert Relationship.model_validate(response.json()).endorsed is True
    relationships = client.get(f"/api/v1/accounts/relationships?id[]={bob.pk}").json()
    assert relationships[0]["endorsed"] is True
    assert [account["id"] for account in client.get("/api/v1/endorsements").json()] == [str(bob.pk)]
    # Pinning twice is once.
    assert client.post(f"/api/v1/accounts/{bob.pk}/pin").json()["endorsed"] is True
    assert Endorsement.objects.count() == 1
    unpinned = client.post(f"/api/v1/accounts/{bob.pk}/unpin")
    assert unpinned.json()["endorsed"] is False
    assert client.get("/api/v1/endorsements").json() == []


def test_pinning_needs_a_follow(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    response = api_client(alice).post(f"/api/v1/accounts/{bob.pk}/pin")
    assert response.status_code == 422
    assert "Follow @bob" in response.json()["error"]
    assert api_client(alice).post(f"/api/v1/accounts/{alice.pk}/pin").status_code == 422
    assert not Endorsement.objects.exists()


def test_unfollowing_or_blocking_ends_the_endorsement(
    alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=bob)
    follow(follower=alice, followee=carol)
    endorse(account=alice, target=bob)
    endorse(account=alice, target=carol)
    unfollow(follower=alice, followee=bob)
    block(blocker=carol, blocked=alice)
    assert not Endorsement.objects.exists()


def test_blocked_accounts_are_404(
    api_client: ApiClientFactory, alice: Account, bob: Account
) -> None:
    block(blocker=bob, blocked=alice)
    assert api_client(alice).post(f"/api/v1/accounts/{bob.pk}/pin").status_code == 404


def test_endorsements_are_paged(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    for other in (bob, carol, dave):
        follow(follower=alice, followee=other)
        endorse(account=alice, target=other)
    client = api_client(alice)
    first = client.get("/api/v1/endorsements?limit=2")
    assert [account["username"] for account in first.json()] == ["dave", "carol"]
    rest = client.get(path_of(link_urls(first)["next"])).json()
    assert [account["username"] for account in rest] == ["bob"]


def test_anyones_endorsements_hide_who_blocks_the_viewer(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    for other in (bob, carol):
        follow(follower=alice, followee=other)
        endorse(account=alice, target=other)
    url = f"/api/v1/accounts/{alice.pk}/endorsements"
    assert {a["username"] for a in Client().get(url).json()} == {"bob", "carol"}
    block(blocker=bob, blocked=carol)
    assert [a["username"] for a in api_client(carol).get(url).json()] == ["carol"]
