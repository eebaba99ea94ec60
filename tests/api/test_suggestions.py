"""/api/v2/suggestions, /api/v1/suggestions and dismissing one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClientFactory
from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.account import Account as AccountSchema
from townsquare.api.schemas.discovery import Suggestion
from townsquare.posts.services import publish_post
from townsquare.relationships.services import follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(alice: Account, bob: Account, carol: Account) -> Account:
    """Followed by bob and carol, whom alice follows."""
    erin = AccountFactory.create(username="erin")
    for friend in (bob, carol):
        follow(follower=alice, followee=friend)
        follow(follower=friend, followee=erin)
    return erin


def test_v2_suggestions_are_suggestion_entities(
    api_client: ApiClientFactory, alice: Account, erin: Account
) -> None:
    response = api_client(alice).get("/api/v2/suggestions")

    assert response.status_code == 200
    found = [Suggestion.model_validate(item) for item in response.json()]
    assert [s.account.username for s in found] == ["erin"]
    assert found[0].sources == ["friends_of_friends"]
    assert found[0].source == "past_interactions"


def test_v1_suggestions_are_accounts(
    api_client: ApiClientFactory, alice: Account, erin: Account
) -> None:
    response = api_client(alice).get("/api/v1/suggestions?limit=1")

    accounts = [AccountSchema.model_validate(item) for item in response.json()]
    assert [account.id for account in accounts] == [str(erin.id)]


def test_popular_people_for_newcomers(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=carol, followee=bob)
    publish_post(author=bob, text="hi")

    found = api_client(alice).get("/api/v2/suggestions").json()
    assert [(s["account"]["username"], s["sources"]) for s in found] == [("bob", ["most_followed"])]
    assert found[0]["source"] == "global"


def test_dismissing_a_suggestion_sticks(
    api_client: ApiClientFactory, alice: Account, erin: Account
) -> None:
    client = api_client(alice)

    response = client.delete(f"/api/v1/suggestions/{erin.id}")

    assert response.status_code == 200
    assert response.json() == {}
    assert client.get("/api/v2/suggestions").json() == []
    assert client.delete(f"/api/v1/suggestions/{erin.id}").status_code == 200


def test_dismissing_unknown_accounts_is_404(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    assert client.delete("/api/v1/suggestions/123").status_code == 404
    assert client.delete("/api/v1/suggestions/nonsense").status_code == 404
    assert client.delete(f"/api/v1/suggestions/{alice.id}").status_code == 200


def test_suggestions_need_a_read_token(api_client: ApiClientFactory, alice: Account) -> None:
    assert Client().get("/api/v2/suggestions").status_code == 401
    assert api_client(alice, scopes="write").get("/api/v2/suggestions").status_code == 403
    assert api_client(alice, scopes="read").get("/api/v1/suggestions").status_code == 200
