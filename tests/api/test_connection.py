"""/api/v1/accounts/:id/connection: the shortest public chain of follows, as Accounts."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.discovery import Connection
from townsquare.relationships.services import block, follow

pytestmark = pytest.mark.django_db


def test_a_chain_of_accounts(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=bob)
    follow(follower=bob, followee=carol)

    response = api_client(alice).get(f"/api/v1/accounts/{carol.id}/connection")

    assert response.status_code == 200
    found = Connection.model_validate(response.json())
    assert [account.username for account in found.accounts] == ["alice", "bob", "carol"]
    assert (found.steps, found.max_steps) == (2, 6)


def test_no_chain(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    response = api_client(alice).get(f"/api/v1/accounts/{bob.id}/connection")

    assert response.json() == {"accounts": [], "steps": None, "max_steps": 6}


def test_blocked_people_are_404(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    follow(follower=alice, followee=bob)
    block(blocker=bob, blocked=alice)

    assert api_client(alice).get(f"/api/v1/accounts/{bob.id}/connection").status_code == 404
    assert api_client(alice).get("/api/v1/accounts/999/connection").status_code == 404


def test_needs_a_token(api_client: ApiClientFactory, alice: Account, bob: Account) -> None:
    assert Client().get(f"/api/v1/accounts/{bob.id}/connection").status_code == 401
    client = api_client(alice, scopes="write")
    assert client.get(f"/api/v1/accounts/{bob.id}/connection").status_code == 403


def test_documented_in_openapi() -> None:
    spec = Client().get("/api/openapi.json").json()
    assert "/api/v1/accounts/{account_id}/connection" in spec["paths"]
