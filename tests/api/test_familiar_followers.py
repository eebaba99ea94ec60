"""GET /api/v1/accounts/familiar_followers: people I follow who follow each account."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pydantic import TypeAdapter

from tests.api.conftest import ApiClientFactory
from tests.factories import AccountFactory
from townsquare.accounts.models import Account
from townsquare.api.schemas.familiar_followers import FamiliarFollowers
from townsquare.relationships.services import block, follow, mute

familiar = TypeAdapter(list[FamiliarFollowers])


def _usernames(entry: FamiliarFollowers) -> list[str]:
    return sorted(account.username for account in entry.accounts)


def test_each_id_gets_the_followees_who_follow_it(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    erin = AccountFactory.create(username="erin")
    follow(follower=alice, followee=bob)
    follow(follower=alice, followee=carol)
    follow(follower=bob, followee=dave)
    follow(follower=carol, followee=dave)
    follow(follower=erin, followee=dave)  # alice doesn't follow erin
    follow(follower=bob, followee=erin)

    response = api_client(alice).get(
        "/api/v1/accounts/familiar_followers",
        {"id[]": [str(dave.pk), str(erin.pk), str(carol.pk), str(dave.pk)]},
    )

    assert response.status_code == 200
    found = familiar.validate_python(response.json())
    assert [entry.id for entry in found] == [str(dave.pk), str(erin.pk), str(carol.pk)]
    assert [_usernames(entry) for entry in found] == [["bob", "carol"], ["bob"], []]


def test_blocked_and_muted_people_are_left_out(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account, dave: Account
) -> None:
    follow(follower=alice, followee=bob)
    follow(follower=alice, followee=carol)
    follow(follower=bob, followee=dave)
    follow(follower=carol, followee=dave)
    mute(muter=alice, muted=bob)
    client = api_client(alice)
    entry = familiar.validate_python(
        client.get("/api/v1/accounts/familiar_followers", {"id[]": str(dave.pk)}).json()
    )[0]
    assert _usernames(entry) == ["carol"]

    block(blocker=carol, blocked=alice)
    entry = familiar.validate_python(
        client.get("/api/v1/accounts/familiar_followers", {"id[]": str(dave.pk)}).json()
    )[0]
    assert entry.accounts == []

    # An account blocking the caller has no familiar followers for them.
    block(blocker=dave, blocked=alice)
    blocked = familiar.validate_python(
        client.get("/api/v1/accounts/familiar_followers", {"id[]": str(dave.pk)}).json()
    )
    assert blocked == [FamiliarFollowers(id=str(dave.pk), accounts=[])]


def test_bad_ids_and_no_ids(api_client: ApiClientFactory, alice: Account) -> None:
    client = api_client(alice)
    assert client.get("/api/v1/accounts/familiar_followers").json() == []
    response = client.get("/api/v1/accounts/familiar_followers", {"id[]": ["x", "-1"]})
    assert response.status_code == 200
    assert response.json() == []


def test_queries_do_not_grow_with_ids(
    api_client: ApiClientFactory, alice: Account, bob: Account, carol: Account
) -> None:
    targets = AccountFactory.create_batch(8)
    follow(follower=alice, followee=bob)
    follow(follower=alice, followee=carol)
    for target in targets:
        follow(follower=bob, followee=target)
        follow(follower=carol, followee=target)
    client = api_client(alice)
    ids = [str(target.pk) for target in targets]
    client.get("/api/v1/accounts/familiar_followers", {"id[]": ids[:1]})  # warm token caches
    counts = []
    for wanted in (ids[:1], ids):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/accounts/familiar_followers", {"id[]": wanted})
        assert [len(entry["accounts"]) for entry in response.json()] == [2] * len(wanted)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_needs_read_follows(
    api_client: ApiClientFactory, anonymous: Client, alice: Account, bob: Account
) -> None:
    url = "/api/v1/accounts/familiar_followers"
    assert api_client(alice, scopes="read:follows").get(url, {"id[]": bob.pk}).status_code == 200
    assert api_client(alice, scopes="read:lists").get(url, {"id[]": bob.pk}).status_code == 403
    assert anonymous.get(url, {"id[]": bob.pk}).status_code == 401
