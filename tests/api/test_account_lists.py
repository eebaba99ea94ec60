"""GET /api/v1/accounts/:id/lists: the caller's own lists holding that account."""

from __future__ import annotations

from django.test import Client
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.list import UserList
from townsquare.relationships.services import block, follow
from townsquare.timelines.services import add_to_list, create_list

user_lists = TypeAdapter(list[UserList])


def test_lists_holding_the_account_are_the_callers_own_oldest_first(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=bob)
    follow(follower=carol, followee=bob)
    friends = create_list(owner=alice, title="Friends")
    work = create_list(owner=alice, title="Work", is_exclusive=True)
    create_list(owner=alice, title="Empty")
    add_to_list(feed=friends, accounts=[bob])
    add_to_list(feed=work, accounts=[bob])
    # Carol's list holding bob is none of alice's business.
    add_to_list(feed=create_list(owner=carol, title="Carol's"), accounts=[bob])

    response = api_client(alice).get(f"/api/v1/accounts/{bob.pk}/lists")

    assert response.status_code == 200
    found = user_lists.validate_python(response.json())
    assert [(item.id, item.title, item.exclusive) for item in found] == [
        (str(friends.pk), "Friends", False),
        (str(work.pk), "Work", True),
    ]
    assert api_client(alice).get(f"/api/v1/accounts/{carol.pk}/lists").json() == []


def test_hidden_or_missing_accounts_answer_404(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    follow(follower=alice, followee=bob)
    add_to_list(feed=create_list(owner=alice, title="Friends"), accounts=[bob])
    block(blocker=bob, blocked=alice)
    client = api_client(alice)
    missing = client.get("/api/v1/accounts/999999999/lists")
    assert missing.status_code == 404
    assert client.get(f"/api/v1/accounts/{bob.pk}/lists").json() == missing.json()
    assert client.get("/api/v1/accounts/nonsense/lists").status_code == 404
    carol.is_active = False
    carol.save(update_fields=["is_active"])
    assert client.get(f"/api/v1/accounts/{carol.pk}/lists").status_code == 404


def test_needs_a_token_with_read_lists(
    api_client: ApiClientFactory, anonymous: Client, alice: Account, bob: Account
) -> None:
    assert (
        api_client(alice, scopes="read:lists").get(f"/api/v1/accounts/{bob.pk}/lists").status_code
        == 200
    )
    assert (
        api_client(alice, scopes="read:accounts")
        .get(f"/api/v1/accounts/{bob.pk}/lists")
        .status_code
        == 403
    )
    assert (
        api_client(alice, scopes="write").get(f"/api/v1/accounts/{bob.pk}/lists").status_code == 403
    )
    assert anonymous.get(f"/api/v1/accounts/{bob.pk}/lists").status_code == 401
